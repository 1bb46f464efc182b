"""Every public URL a reader can reach from /: links in pages and feeds, the sitemap's URLs, and the
data downloads. Shared by the visibility test and the narrow-screen browser test."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

# Addresses in pages, feeds and the sitemap (<loc>, <link href=...>, <link>...</link>).
_XML_LINK = re.compile(r"<(?:loc|link|id)>([^<]+)</(?:loc|link|id)>|href=\"([^\"]+)\"")


class _Links(HTMLParser):
    """Links, and a reader's use of each GET form: every option of each select, and words in each text box."""

    def __init__(self, words: str):
        super().__init__()
        self.words = words
        self.links = []
        self.form = None  # the action of the GET form being read
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"a", "link"} and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.form = attrs.get("action") or "" if attrs.get("method", "get").lower() == "get" else None
        elif self.form is None:
            return
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and attrs.get("value"):
            self.links.append(f"{self.form}?{urlencode({self.select: attrs['value']})}")
        elif tag == "input" and attrs.get("name") and attrs.get("type", "text") in {"text", "search"}:
            self.links.append(f"{self.form}?{urlencode({attrs['name']: self.words})}")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def _links(content: str, content_type: str, words: str) -> list[str]:
    if "html" in content_type:
        page = _Links(words)
        page.feed(content)
        return page.links
    return [a or b for a, b in _XML_LINK.findall(content)]


def _local(url: str, base: str) -> str | None:
    """The path and query of a same-site URL, or None for another site, the admin, or static files."""
    parts = urlsplit(urljoin(base, urldefrag(url)[0]))
    if parts.scheme not in {"http", "https"} or parts.hostname not in {
        "testserver",
        "localhost",
        "127.0.0.1",
    }:
        return None
    if parts.path.startswith(("/static/", "/" + settings.ADMIN_URL)):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, *, words: str = "", limit: int = 2000, language: str = "en") -> dict[str, str]:
    """Fetch every same-site page reachable from the home page in one language (links to the others, in
    the switcher and the sitemap, are left), typing words in every search box; {url: content} of each page
    that answered 200."""
    with translation.override(language):
        names = ("articles:home", "sitemap", "people:case-csv", "people:case-json")
        start = [reverse(name) for name in names]
    others = tuple(f"/{code}/" for code, _name in settings.LANGUAGES if code != language)
    queue, seen, pages = list(start), set(start), {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url, follow=False)
        if response.status_code != 200 or response.streaming:
            continue
        content = response.content.decode()
        pages[url] = content
        for link in _links(content, response.get("Content-Type", ""), words):
            local = _local(link, "http://testserver" + url)
            if local is not None and local not in seen and not local.startswith(others):
                seen.add(local)
                queue.append(local)
    return pages
