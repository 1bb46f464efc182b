"""Split a flattened article page into its parts. Pure Python: text in, ParsedArticle out, no database.

Pages arrive from many sites with their parts in varying order and some missing. Each block of text
(lines between blank lines) is classified on its own shape and position: a site-name line, navigation,
the title, a standfirst, a photo caption ending in its credit, dated notes, a dateline opening the body,
body paragraphs, numbered reader comments, the author's name and bio, and footer lines.
"""

import datetime
import re
from dataclasses import dataclass, field

from . import SeedFormatError

MAX_TITLE_LENGTH = 300

BOILERPLATE = {
    line.casefold()
    for line in [
        "Leave a Reply",
        "Leave a Reply Cancel reply",
        "Leave a comment",
        "Your email address will not be published.",
        "Your email address will not be published. Required fields are marked *",
        "Required fields are marked *",
        "Advertisements",
        "Advertisement",
        "Share this:",
        "Share this",
        "Share",
        "Tweet",
        "Like this:",
        "Like",
        "Loading...",
        "Related",
        "Subscribe",
        "Subscribe to our newsletter",
        "Print",
        "Email",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "Telegram",
        "LinkedIn",
        "Reddit",
        "Pinterest",
        "Post Comment",
        "Reply",
        "Skip to content",
        "Menu",
        "Search",
    ]
}
_SHARE = re.compile(
    r"^(click to )?(share|tweet|post|email|print)( this)?( on| via| to)? [\w .+/]{1,30}$", re.I
)
_NOTE = re.compile(
    r"^(?P<kind>update|updated|correction|clarification|editor'?s note)"
    # A hyphen separates only with spaces around it, so that 2019-02-01 stays one date.
    r"(?:\s*(?:on|\(|,)?\s*(?P<date>[^:—–)]{4,30}?)\)?)?(?:\s*[:—–]|\s+-{1,2}\s)\s*(?P<text>\S.*)$",
    re.I | re.S,
)
_CAPTION = re.compile(
    r"^(?P<caption>.*?)\s*\(\s*(?:photo(?:graph)?(?: credit)?|credit|image|picture|source)\s*(?::|by)\s*"
    r"(?P<credit>[^()]{1,120})\)\s*\.?$",
    re.I | re.S,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-ÞƏİŞÇĞÖÜ][A-ZÀ-ÞƏİŞÇĞÖÜ.'\- ]{1,40}?)"
    r"(?:,\s*(?P<where>[A-Z][\w.]*(?: [\w.]+){0,3}))?"
    r"\s*(?:\((?P<source>[^()]{1,40})\))?\s*[—–-]{1,2}\s*(?P<rest>\S.*)$",
    re.S,
)
_COMMENT_START = re.compile(r"^(?P<indent>\s+)(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
_COMMENTS_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|thoughts on .*|\d+ thoughts on .*)$", re.I
)
_BYLINE = re.compile(r"^(?:by|written by|author:)\s+(?P<names>[^\d]{3,120})$", re.I)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÞƏİŞÇĞÖÜ][\w'’\-]*\.?|[a-z]{1,3}|[A-Z]\.)$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_DATE_PATTERNS = [
    re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})$"),  # 01/23/19, as US sites write
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"),  # 23.01.2019, as Azerbaijani sites write
    re.compile(r"^(?P<month>[A-Za-z]{3,9})\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<y>\d{4})$"),
    re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<month>[A-Za-z]{3,9})\.?,? (?P<y>\d{4})$"),
]
_PUBLISHED_LINE = re.compile(
    r"^(?:published|posted|posted on|date|updated)?:?\s*(?P<date>.{6,30}?)(?: by .*)?$", re.I
)


@dataclass
class ParsedNote:
    kind: str  # "update", "correction" or "clarification"
    date: datetime.date | None
    text: str


@dataclass
class ParsedComment:
    body: str
    author: str | None = None
    addressed_to: str | None = None


@dataclass
class ParsedArticle:
    title: str
    site_name: str | None = None
    subtitle: str | None = None
    byline: list[str] = field(default_factory=list)
    published: datetime.date | None = None
    photo_caption: str | None = None
    photo_credit: str | None = None
    notes: list[ParsedNote] = field(default_factory=list)
    dateline_place: str | None = None
    dateline_source: str | None = None
    body: list[str] = field(default_factory=list)
    comments: list[ParsedComment] = field(default_factory=list)
    author_bio: str | None = None
    footer: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def source_name(self) -> str | None:
        """The publication: the site's name at the top, else the source in the dateline."""
        return self.site_name or self.dateline_source

    def linkable_text(self) -> str:
        """The article's own words below the title, where people are looked for (never reader comments)."""
        parts = [self.subtitle or "", self.photo_caption or ""]
        parts += [note.text for note in self.notes] + self.body
        return "\n\n".join(part for part in parts if part)


def parse_date(text: str) -> datetime.date | None:
    """A stated date in the common forms; US month/day/year for slashes, as the seeds write them."""
    text = " ".join(text.strip().strip(".,").split())
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if "m" in parts else _MONTHS.get(parts["month"].casefold())
        if month is None:
            return None
        year = int(parts["y"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        try:
            return datetime.date(year, month, int(parts["d"]))
        except ValueError:
            return None
    return None


def is_name(line: str, max_words: int = 4) -> bool:
    """A line that reads as a person's name: a few capitalised words, no sentence punctuation."""
    words = line.strip().lstrip("—–-~ ").split()
    if not 2 <= len(words) <= max_words or len(line) > 60:
        return False
    if not all(_NAME_WORD.match(word) for word in words):
        return False
    capitalised = [word for word in words if word[0].isupper()]
    return len(capitalised) >= 2 and not line.strip().isupper()


def _is_heading(line: str) -> bool:
    """A short line with no sentence ending: a site name, a menu entry, a footer."""
    return len(line) <= 60 and len(line.split()) <= 6 and not re.search(r"[.!?:;,”\"]$", line)


def _split_blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _take_comments(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """Remove the reader comments: indented numbered items, or numbered items under a 'Comments' heading."""
    kept, comments = [], []
    current = None  # the lines of the comment being read
    indent = None  # the indentation of the first numbered line
    under_heading = False
    for line in lines:
        start = _COMMENT_START.match(line)
        if start and any(kept) and indent in (None, len(start["indent"])):
            indent = len(start["indent"])
            current = [start["text"]]
            comments.append(current)
        elif under_heading and (item := _NUMBERED.match(line)):
            current = [item["text"]]
            comments.append(current)
        elif under_heading and line.strip().casefold() in BOILERPLATE:
            under_heading, current = False, None
            kept.append(line)
        elif current is not None and (not line.strip() or line[:1].isspace() or under_heading):
            current.append(line.strip())
        elif not comments and _COMMENTS_HEADER.match(line.strip()) and any(kept):
            under_heading = True
        else:
            current = None
            kept.append(line)
    return kept, comments


def _parse_comment(lines: list[str]) -> ParsedComment | None:
    # A comment's line breaks are the commenter's own: keep them.
    paragraphs = ["\n".join(block) for block in _split_blocks(lines)]
    if not paragraphs:
        return None
    text_lines = [line for line in lines if line]
    author = addressed = None
    if len(text_lines) > 1 and is_name(text_lines[-1]):
        author = text_lines[-1].lstrip("—–-~ ").strip()
        last = paragraphs[-1]
        paragraphs[-1] = last[: last.rfind(text_lines[-1])].rstrip()
        paragraphs = [p for p in paragraphs if p]
    first = text_lines[0]
    if re.fullmatch(r"@?[\w .'’\-]{1,40},", first) and len(text_lines) > 1:
        addressed = first.rstrip(",").lstrip("@").strip()
    body = "\n\n".join(paragraphs)
    return ParsedComment(body=body, author=author, addressed_to=addressed) if body else None


def _drop_boilerplate(blocks: list[list[str]], dropped: list[str]) -> list[list[str]]:
    cleaned = []
    for block in blocks:
        lines = []
        for line in block:
            if line.casefold() in BOILERPLATE or _SHARE.match(line):
                dropped.append(line)
            else:
                lines.append(line)
        if lines:
            cleaned.append(lines)
    return cleaned


def _note(text: str) -> ParsedNote | None:
    match = _NOTE.match(text)
    if not match:
        return None
    kind = match["kind"].casefold()
    kind = {"updated": "update", "editor's note": "clarification", "editors note": "clarification"}.get(
        kind, kind
    )
    date = parse_date(match["date"]) if match["date"] else None
    if match["date"] and date is None:
        return None  # "Update from our correspondent: ..." is a sentence, not a note
    return ParsedNote(kind=kind, date=date, text=" ".join(match["text"].split()))


def _title_case_place(place: str) -> str:
    return " ".join(word.capitalize() if word.isupper() else word for word in place.split())


def parse(text: str, *, known_sites: frozenset[str] = frozenset()) -> ParsedArticle:
    """Split a page's normalised text into its parts; SeedFormatError when no title can be found."""
    dropped: list[str] = []
    lines, comment_lines = _take_comments(text.split("\n"))
    blocks = _drop_boilerplate(_split_blocks(lines), dropped)
    comments = [c for c in (_parse_comment(lines) for lines in comment_lines) if c]

    site_name = None
    known = {site.casefold() for site in known_sites}
    # A site name or a navigation menu before the title: short heading lines followed by a longer one.
    while blocks:
        block = blocks[0]
        if len(block) == 1 and block[0].casefold() in known and len(blocks) > 1:
            site_name = block[0]
            blocks.pop(0)
        elif len(block) >= 3 and all(_is_heading(line) and len(line.split()) <= 3 for line in block):
            dropped.extend(block)  # a menu: Home / News / Politics / ...
            blocks.pop(0)
        elif (
            len(block) == 1
            and len(blocks) > 1
            and site_name is None
            and _is_heading(block[0])
            and len(block[0].split()) <= 4
            and len(blocks[1]) == 1
            and len(blocks[1][0].split()) > len(block[0].split()) + 2
            and not re.search(r"[.!?]$", blocks[1][0])
        ):
            site_name = block[0]
            blocks.pop(0)
        else:
            break

    title_block = next((b for b in blocks if any(ch.isalnum() for ch in " ".join(b))), None)
    if title_block is None:
        raise SeedFormatError("no recognisable title")
    title = " ".join(title_block)
    if len(title) > MAX_TITLE_LENGTH:
        raise SeedFormatError(f"no recognisable title (the first block is {len(title)} characters long)")
    blocks = blocks[blocks.index(title_block) + 1 :]
    article = ParsedArticle(title=title, site_name=site_name, comments=comments, dropped=dropped)

    paragraphs: list[str] = []
    head = True  # before the first body paragraph
    for block in blocks:
        joined = " ".join(block)
        note = _note(joined)
        if note:
            article.notes.append(note)
            continue
        caption = _CAPTION.match(joined) if len(joined) <= 500 else None
        if caption and article.photo_caption is None:
            article.photo_caption = caption["caption"].strip() or None
            article.photo_credit = " ".join(caption["credit"].split())
            continue
        if head:
            byline = _BYLINE.match(joined)
            if byline and len(block) == 1:
                article.byline = [n.strip() for n in re.split(r",| and | & ", byline["names"]) if n.strip()]
                continue
            stated = _PUBLISHED_LINE.match(joined) if len(block) == 1 else None
            if stated and article.published is None and (date := parse_date(stated["date"])):
                article.published = date
                continue
            dateline = _DATELINE.match(joined)
            if dateline and len(dateline["place"].strip()) >= 2:
                article.dateline_place = _title_case_place(dateline["place"].strip(" -"))
                article.dateline_source = (dateline["source"] or "").strip() or None
                paragraphs.append(dateline["rest"].strip())
                head = False
                continue
            if (
                article.subtitle is None
                and not paragraphs
                and len(block) == 1
                and len(joined) <= 300
                and not joined.endswith(":")
                and (not re.search(r"[.!?”\"]$", joined) or _dateline_follows(blocks, block))
            ):
                article.subtitle = joined
                continue
            head = False
        paragraphs.append("\n".join(block) if _is_verse(block) else joined)

    _take_author(article, paragraphs)
    article.body = paragraphs
    return article


def _dateline_follows(blocks: list[list[str]], block: list[str]) -> bool:
    later = blocks[blocks.index(block) + 1 :]
    return any(_DATELINE.match(" ".join(b)) for b in later[:4])


def _is_verse(block: list[str]) -> bool:
    return len(block) > 1 and all(len(line) < 60 for line in block)


def _take_author(article: ParsedArticle, paragraphs: list[str]) -> None:
    """The author's name alone near the end (often twice), then a bio that opens with it, then footer."""
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 6, -1), -1):
        names = set(paragraphs[index].split("\n"))
        if len(names) != 1 or not is_name(name := names.pop()):
            continue
        tail = paragraphs[index + 1 :]
        first_name, surname = name.split()[0], name.split()[-1]
        bio_at = next(
            (i for i, p in enumerate(tail) if p.startswith((name, first_name + " ")) or surname in p[:80]),
            None,
        )
        if bio_at is None and any(not _is_heading(p) for p in tail):
            continue  # a name followed by more prose is part of the body
        if name not in article.byline:
            article.byline.append(name)
        if bio_at is not None:
            article.author_bio = tail.pop(bio_at)
        article.footer = tail
        del paragraphs[index:]
        return
    # No author block: short heading-like lines at the very end are footer, not body.
    while len(paragraphs) > 1 and _is_heading(paragraphs[-1]) and len(paragraphs[-1].split()) <= 5:
        article.footer.insert(0, paragraphs.pop())
