"""Text as readers get it: cleaning what comes in (clean_text), and turning stored text into safe HTML
(comment bodies and search snippets).

No model is imported here: the import's worker processes use comment_html without Django set up.
"""

import re

from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 240
# PostgreSQL marks search hits with these; snippets are escaped before they become <mark>.
MARK_START, MARK_STOP = "\u0002", "\u0003"
# What any link urlize makes must contain (its patterns are stricter); text without it holds no link.
_MAYBE_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)
# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) but tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Text as it may be stored: line ends as LF (browsers send CRLF), no control characters but tab and
    newline. Readers never see them, and XML refuses them: one in a title made every feed with it fail."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def comment_html(text: str) -> SafeString:
    """A reader's comment as escaped text: paragraphs, line breaks, and links that pass no reputation."""
    if _MAYBE_LINK.search(text):
        html = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
        html = html.replace('rel="nofollow"', 'rel="nofollow ugc"')
    else:
        html = escape(text)  # what urlize gives for text with no link, several times faster
    html = linebreaks(html, autoescape=False)
    return mark_safe(html)  # nosec B308, B703  # urlize escaped all but its own links


def snippet_html(snippet: str, words: str) -> SafeString:
    """A search snippet, escaped, with the hits in <mark>: PostgreSQL marks them; elsewhere we find them."""
    if MARK_START in snippet:
        html = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
        return mark_safe(html)  # nosec B308, B703  # escaped above; only our <mark> added
    terms = [re.escape(term) for term in words.split() if term]
    pattern = re.compile("|".join(terms), re.IGNORECASE) if terms else None
    match = pattern.search(snippet) if pattern else None
    start = max((match.start() if match else 0) - SNIPPET_LENGTH // 3, 0)
    excerpt = snippet[start : start + SNIPPET_LENGTH]
    prefix, suffix = ("… " if start else ""), (" …" if start + SNIPPET_LENGTH < len(snippet) else "")
    if pattern is None:
        return mark_safe(escape(prefix + excerpt + suffix))  # nosec B308, B703  # escaped
    pieces, position = [], 0
    for hit in pattern.finditer(excerpt):
        pieces += [escape(excerpt[position : hit.start()]), f"<mark>{escape(hit.group())}</mark>"]
        position = hit.end()
    pieces.append(escape(excerpt[position:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))  # nosec B308, B703  # escaped


def source_date_iso(date, precision: str) -> str | None:
    """A date as ISO 8601 to its precision ("day", "month", "year"): 2019-01-23, 2019-01 or 2019."""
    if date is None or not precision:
        return None
    return date.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]
