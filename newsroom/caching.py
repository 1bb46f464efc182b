"""Whole-page caching for readers.

Anonymous GETs of public pages are served from Django's cache (Redis in production) until anything
readers see changes: every cached page records the site's version, and records_changed() bumps it once
the change is committed. The services (publish, withdraw, feature, moderate, accept a suggestion), the
admin's saves and deletes and the import each name the records they changed; nothing is inferred from the
request, so saving a draft or turning away comments nobody saw leaves every page as it was, and a write
that names no record is a bug to fix where it is made. Each process also keeps the pages it served last
and then asks Redis only for the version (PAGE_CACHE_KEPT_PAGES).

Per-request parts of a page are not cached: the page is stored cut around the CSRF token and the comment
form's signed time stamp, which are filled in fresh on every hit, so forms on cached pages keep working
(the token as Django makes it, from fewer system calls: newsroom.csrf).
"""

import hashlib
import re
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from articles.forms import MAX_AGE as FORM_MAX_AGE
from articles.forms import issued_for_article, issued_target
from articles.models import Article, Comment, Note
from newsroom.csrf import form_token
from people.models import NameSuggestion

VERSION_KEY = "newsroom:site-version"
# In every page's key: entries written by an older release, in another shape, are never read.
ENTRY_FORMAT = 6
KEPT_HEADERS = ["Content-Type", "Content-Disposition", "Content-Language"]
# Larger pages (data downloads) are not kept in a process's memory; they still come from the shared cache.
KEPT_PAGE_MAX_BYTES = 512 * 1024
# The per-request values of the comment form. A stored page is cut around them, so that a hit fills in
# only the real fields: a reader's words that look like them (in a search box, a comment) are escaped
# and never match, and stay as written.
_FIELD_VALUE = re.compile(rb'name="(csrfmiddlewaretoken|issued)" value="([^"]*)"')
# Query parameters that only tell analytics where a reader came from: they change nothing on a page, so they
# are dropped before the view and from the page's key (else every ?utm_source= would be a page of its own).
_TRACKING = re.compile(r"utm_\w*|fbclid|gclid|msclkid", re.IGNORECASE)


def site_version() -> str:
    # A random version, not a counter: if the cache loses it, no old page can come back.
    return cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def site_changed() -> None:
    """Every cached page is out of date from now on."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def records_changed(*records) -> None:
    """These records were saved, deleted or changed in bulk: once that is committed, no cached page may
    show them as they were. Pass the copy from before the change too when the change may have hidden it
    (an article unpublished, a comment rejected). For now any record readers may see empties every page;
    the records are named so that a purge of only the pages that show them can build on this."""
    if any(_shown(record) for record in records):
        transaction.on_commit(site_changed)


def _shown(record) -> bool:
    """Readers may see this record, or will once its time comes (a scheduled article): in doubt, shown."""
    if isinstance(record, Article):
        return record.status in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}
    if isinstance(record, Note):
        return _shown(record.article)
    if isinstance(record, Comment):
        return record.status == Comment.Status.APPROVED
    # A name suggestion is the editors' queue (accepting one names the person or organization it makes);
    # people, organizations, cases, publications and what hangs on them have public pages.
    return not isinstance(record, NameSuggestion)


def _drop_tracking(request) -> None:
    if not any(_TRACKING.fullmatch(name) for name in request.GET):
        return
    query = request.GET.copy()
    for name in [name for name in query if _TRACKING.fullmatch(name)]:
        del query[name]
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _variant_allowed(version: str) -> bool:
    """Count one more page with a query string stored since the site's last change; False past
    PAGE_CACHE_QUERY_VARIANTS, so that random query strings cannot fill the cache."""
    key = f"newsroom:page-variants:{version}"
    cache.add(key, 0, settings.PAGE_CACHE_SECONDS)
    try:
        stored = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.PAGE_CACHE_SECONDS)
        stored = 1
    return stored <= settings.PAGE_CACHE_QUERY_VARIANTS


class PublicPageCacheMiddleware:
    """Place last in MIDDLEWARE: CSRF, authentication and the security headers wrap every hit."""

    def __init__(self, get_response):
        self.get_response = get_response
        # The pages this process served last, so that a hit asks the shared cache only for the site's
        # version (a few bytes), not again for a page of 50 KB it already holds. The version still
        # decides: a copy stored before the last change is never served.
        self._kept = {}
        self._kept_lock = threading.Lock()

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)

        # One round trip for the site's version and the page (or only the version, when this process
        # holds a copy): a page cached before the last change is a miss.
        _drop_tracking(request)
        key = self._key(request)
        entry, version = self._kept.get(key), None
        if entry is not None and entry["expires"] > time.time():
            version = cache.get(VERSION_KEY)
        if version is None or version != entry["version"]:
            found = cache.get_many([VERSION_KEY, key])
            version, entry = found.get(VERSION_KEY), found.get(key)
        if version is None:
            version = site_version()
        if entry is not None and entry["version"] == version:
            self._keep(key, entry)
            response = self._from_entry(request, entry)
            response["X-Cache"] = "hit"
        else:
            response = self.get_response(request)
            entry = self._entry(response)
            if entry is not None and request.GET and not _variant_allowed(version):
                entry = None  # any query string is a page of its own: only so many are stored
            if entry is not None:
                entry["version"] = version
                entry["expires"] = time.time() + settings.PAGE_CACHE_SECONDS
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
                self._keep(key, entry)
                response["X-Cache"] = "miss"
        if entry is not None:
            self._browser_caching(response, entry)
        return response

    def _keep(self, key, entry) -> None:
        if entry["size"] > KEPT_PAGE_MAX_BYTES or self._kept.get(key) is entry:
            return
        with self._kept_lock:
            self._kept[key] = entry
            if len(self._kept) > settings.PAGE_CACHE_KEPT_PAGES:
                del self._kept[next(iter(self._kept))]  # the copy kept longest ago

    def _cacheable_request(self, request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0  # 0 switches the page cache off
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/" + settings.ADMIN_URL)
            and not request.user.is_authenticated
        )

    def _key(self, request) -> str:
        # The scheme and host too: pages name them (canonical links, feeds, the sitemap), so a request for
        # another allowed host must not leave its address in every reader's page.
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        return f"newsroom:page:{ENTRY_FORMAT}:{request.method}:{address}"

    def _entry(self, response) -> dict | None:
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or response.streaming
            or any(word in cache_control for word in ("private", "no-cache", "no-store"))
        ):
            return None
        # Text and fields in turn: [text, field, text, ...], a field being ("csrf",) or ("issued", article).
        content, pieces, at = response.content, [], 0
        for match in _FIELD_VALUE.finditer(content):
            if match.group(1) == b"csrfmiddlewaretoken":
                field = ("csrf",)
            elif (article := issued_target(match.group(2).decode())) is not None:
                field = ("issued", article)
            else:
                continue  # not a stamp we issued: leave it as it is
            pieces += [content[at : match.start(2)], field]
            at = match.end(2)
        pieces.append(content[at:])
        stored = b"".join(piece if isinstance(piece, bytes) else piece[0].encode() for piece in pieces)
        return {
            "pieces": pieces,
            "has_form": ("csrf",) in pieces[1::2],
            "size": len(stored),
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            "etag": hashlib.sha256(stored).hexdigest()[:32],
        }

    def _from_entry(self, request, entry) -> HttpResponse:
        token = form_token(request).encode() if entry["has_form"] else b""
        pieces = entry["pieces"].copy()
        pieces[1::2] = [
            token if field == ("csrf",) else issued_for_article(field[1]).encode() for field in pieces[1::2]
        ]
        response = HttpResponse(b"".join(pieces), headers=entry["headers"])
        if entry["has_form"]:
            patch_vary_headers(response, ["Cookie"])
        return response

    def _browser_caching(self, response, entry) -> None:
        """Browsers and CDNs may keep the page but must ask again (a cheap 304 while nothing changed)."""
        patch_cache_control(
            response, max_age=0, must_revalidate=True, **{"private" if entry["has_form"] else "public": True}
        )
        etag = entry["etag"]
        if entry["has_form"]:
            # A browser's copy carries the form's time stamp, which expires: it may be revalidated (304)
            # only in the stretch of time it was fetched in, half the stamp's life, so that a reader
            # coming back days later gets the page again with a stamp that still posts.
            etag += f"-{int(time.time()) // (FORM_MAX_AGE // 2)}"
        response["ETag"] = f'"{etag}"'
