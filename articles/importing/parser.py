"""Split a flattened article page into its parts. Pure Python: text in, ParsedArticle out, no database.

Pages arrive from many sites with their parts in varying order and some missing. Each block of text
(lines between blank lines) is classified on its own shape and position: a site-name line, navigation,
the title, a standfirst, a photo caption ending in its credit, dated notes, a dateline opening the body,
body paragraphs, numbered reader comments, the author's name and bio, and footer lines.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import SeedFormatError
from .locator import COMMENTS_START, MainText, locate

MAX_TITLE_LENGTH = 300
STANDFIRST_MIN_WORDS = 5
# An author's name and bio after the main text are looked for when so few blocks follow it (a seed-like page).
AUTHOR_TAIL_BLOCKS = 6
# The title is looked for among this many lines above the main text, each line of distance costing a little;
# sharing words with the story's opening, headline capitals and recurring on the page count for it.
TITLE_WINDOW = 40
TITLE_DISTANCE_COST = 0.05
TITLE_LEAD_WEIGHT = 3
TITLE_CASE_WEIGHT = 1.5
TITLE_REPEATED_WEIGHT = 1

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
# Every pattern below is linear on any input: no two repeats that can take the same characters stand side
# by side (tests/articles/test_patterns.py runs each on huge runs of every character class).
_NOTE = re.compile(
    r"^(?P<kind>update|updated|correction|clarification|editor'?s note)"
    # A hyphen separates only with spaces around it, so that 2019-02-01 stays one date.
    r"(?:[ ,]{1,3}(?:on |\()?(?P<date>[^\s:—–)][^:—–)]{3,29}?)\)?)?(?: ?[:—–]| -{1,2} ) {0,3}(?P<text>\S.*)$",
    re.I | re.S,
)
_CAPTION = re.compile(
    r"^(?P<caption>.*?) ?\( ?(?:photo(?:graph)?(?: credit)?|credit|image|picture|source) ?(?::|by) ?"
    r"(?P<credit>[^()]{1,120})\) ?\.?$",
    re.I | re.S,
)
_PLACE_WORD = r"[A-ZÀ-ÞƏİŞÇĞÖÜ][A-ZÀ-ÞƏİŞÇĞÖÜ.'\-]{0,40}"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}})"
    r"(?:, ?(?P<where>[A-Z][\w.]*(?: [\w.]+){0,3}))?"
    r"(?: ?\((?P<source>[^()]{1,40})\))? ?[—–-]{1,2} ?(?P<rest>\S.*)$",
    re.S,
)
_COMMENT_START = re.compile(r"^(?P<indent>\s+)(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
_COMMENTS_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|thoughts on .*|\d+ thoughts on .*)$", re.I
)
_BYLINE = re.compile(
    r"^(?:by|written by|author ?:|authors ?:|müəllif ?:|автор ?:|текст ?:)\s+(?P<names>[^\d]{3,120})$", re.I
)
# Comments under a header each, as WordPress and most comment systems print them.
_SAYS = re.compile(r"^(?P<name>[^:|]{1,80}?) (?:says|said|wrote|yazır|пишет) ?:?$", re.I)
_IN_REPLY_TO = re.compile(
    r"^(?:in reply to|replying to|reply to|ответ|cavab) ?:? (?P<name>[^:]{1,80}?)\.?:?$", re.I
)
_TIMESTAMP = re.compile(
    r"^(?P<date>[^|]{4,40}?)(?:,? (?:at |в |saat )?\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?)?$", re.I
)
_COMMENT_ACTIONS = {
    "reply",
    "report",
    "like",
    "flag",
    "permalink",
    "log in to reply",
    "reply ↓",
    "cavab ver",
    "ответить",
}
_ANONYMOUS = {"anonymous", "anonim", "аноним", "guest", "qonaq", "гость"}
_TAGLINE = re.compile(r" [—–|:-] ")
_NAME_SEPARATOR = re.compile(r",|\band\b|&|\bvə\b|\bи\b")
# The parts of a line that gives a byline and a date: "Posted: 23.01.2019 | By A", "DATE · A · 4 min read".
_HEAD_SEPARATOR = re.compile(r" [|·•] ")
_READING_TIME = re.compile(r"^\d{1,3} ?(?:min(?:ute)?s?|мин\.?|dəq\.?)(?: read)?$", re.I)
_POSTED_BY = re.compile(
    r"^(?:posted|published|written)(?: on)? ?:? (?P<date>[^|·•]{4,40}?) by (?P<names>\D{3,120})$", re.I
)
# A wire story's credit at its end: the reporters, not the editors.
_REPORTING = re.compile(
    r"^\(?(?:additional )?(?:reporting|writing|reported) by (?P<names>[^;()]{3,120})"
    r"(?:;[^()]{0,200})?\)?\.?$",
    re.I,
)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÞƏİŞÇĞÖÜА-ЯЁ][\w'’\-]*\.?|[a-z]{1,3}|[A-Z]\.)$")
_MONTH_NAMES = [
    # English (and its abbreviations), Azerbaijani, Russian in the genitive ("23 января") and the nominative.
    ("january", "jan", "yanvar", "января", "январь", "янв"),
    ("february", "feb", "fevral", "февраля", "февраль", "фев"),
    ("march", "mar", "mart", "марта", "март", "мар"),
    ("april", "apr", "aprel", "апреля", "апрель", "апр"),
    ("may", "мая", "май"),
    ("june", "jun", "iyun", "июня", "июнь", "июн"),
    ("july", "jul", "iyul", "июля", "июль", "июл"),
    ("august", "aug", "avqust", "августа", "август", "авг"),
    ("september", "sep", "sept", "sentyabr", "сентября", "сентябрь", "сен"),
    ("october", "oct", "oktyabr", "октября", "октябрь", "окт"),
    ("november", "nov", "noyabr", "ноября", "ноябрь", "ноя"),
    ("december", "dec", "dekabr", "декабря", "декабрь", "дек"),
]
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH = r"(?P<month>[^\W\d_]{3,9})\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
# A year may be followed by Russian's "г." or "года", or Azerbaijani's "-ci il".
_YEAR = r"(?P<y>\d{4})(?: ?г\.?| года|-c[iıuü] il)?"
_DATE_PATTERNS = [
    re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})$"),  # 01/23/19, as US sites write
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"),  # 23.01.2019, as Azerbaijani sites write
    re.compile(rf"^{_MONTH},? {_DAY},? {_YEAR}$"),
    re.compile(rf"^{_DAY} {_MONTH},? {_YEAR}$"),
]
# Dates known only to the month or the year, taken from a line that states the date and nothing else.
_MONTH_PATTERNS = [re.compile(rf"^{_MONTH},? {_YEAR}$"), re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")]
_YEAR_PATTERN = re.compile(rf"^{_YEAR}$")
_PUBLISHED_LINE = re.compile(
    r"^(?P<label>(?:published|posted|posted on|date|updated|tarix|dərc (?:edilib|olunub)|опубликовано|дата)"
    r" ?:? ?)?(?P<date>[^:|·•]{4,40}?)(?: ?(?:[|·•] ?)?by .*)?$",
    re.I,
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
    addressed_to: str | None = None  # "Farid," opening it: the person it speaks to, not its author
    in_reply_to: str | None = None  # "In reply to Farid": the commenter it answers


@dataclass
class ParsedArticle:
    title: str
    site_name: str | None = None
    subtitle: str | None = None
    byline: list[str] = field(default_factory=list)
    published: datetime.date | None = None  # the date the page states, to the day
    source_date: datetime.date | None = None  # the story's date as far as the page tells
    source_date_precision: str = ""  # "day", "month" or "year"; "" when unknown
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
    stated = parse_stated_date(text)
    return stated[0] if stated and stated[1] == "day" else None


def parse_stated_date(text: str) -> tuple[datetime.date, str] | None:
    """A date with its precision ("day", "month" or "year"): "23 января 2019", "January 2019", "2019"."""
    text = " ".join(text.strip().strip(".,").split())
    for precision, patterns in (
        ("day", _DATE_PATTERNS),
        ("month", _MONTH_PATTERNS),
        ("year", [_YEAR_PATTERN]),
    ):
        for pattern in patterns:
            match = pattern.match(text)
            if match:
                return _date(match.groupdict(), precision)
    return None


def _date(parts: dict, precision: str) -> tuple[datetime.date, str] | None:
    month = int(parts["m"]) if parts.get("m") else _MONTHS.get((parts.get("month") or "january").casefold())
    if month is None:
        return None
    year = int(parts["y"])
    if len(parts["y"]) == 2:
        year += 2000 if year < 70 else 1900
    if not 1900 <= year <= 2999:
        return None
    try:
        return datetime.date(year, month, int(parts.get("d") or 1)), precision
    except ValueError:
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


def _take_comments(lines: list[str], *, after_text: bool = False) -> tuple[list[str], list[list[str]]]:
    """Remove the reader comments: indented numbered items, or numbered items under a 'Comments' heading.

    after_text: the lines follow the article's text, so a comment may open them."""
    kept, comments = [], []
    current = None  # the lines of the comment being read
    indent = None  # the indentation of the first numbered line
    under_heading = False
    for line in lines:
        start = _COMMENT_START.match(line)
        if start and (after_text or any(kept)) and indent in (None, len(start["indent"])):
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
        elif not comments and _COMMENTS_HEADER.match(line.strip()) and (after_text or any(kept)):
            under_heading = True
        else:
            current = None
            kept.append(line)
    return kept, comments


def _comments(lines: list[str]) -> tuple[list[str], list[ParsedComment]]:
    """The readers' comments after the article, and the lines that are not theirs.

    Comments under a header each ("Name says:" and a time stamp, "Name | DATE") as WordPress and others
    print them, else numbered comments (indented as in seed 000, or under a "Comments" heading)."""
    threaded = _headed_comments(lines)
    if threaded is not None:
        return threaded
    kept, comment_lines = _take_comments(lines, after_text=True)
    return kept, [c for c in (_parse_comment(lines) for lines in comment_lines) if c]


def _headed_comments(lines: list[str]) -> tuple[list[str], list[ParsedComment]] | None:
    kept: list[str] = []
    found: list[tuple[str, list[str], str | None]] = []  # author, lines, the name it replies to
    current = None
    for raw in lines:
        text = " ".join(raw.split())
        author = _comment_header(text)
        if author is not None:
            current = (author, [], None)
            found.append(current)
        elif current is None:
            kept.append(raw)
        elif not text:
            current[1].append("")
        elif text.casefold() in _COMMENT_ACTIONS:
            current = None  # "Reply" closes a comment; the next header opens one
        elif _is_boilerplate(text):
            current = None  # "Leave a Reply": the comments are over
            kept.append(raw)
        elif (reply := _IN_REPLY_TO.match(text)) and not any(current[1]):
            current = found[-1] = (current[0], current[1], reply["name"])
        elif _is_timestamp(text) and not any(current[1]):
            continue  # the comment's time, under its author's name
        else:
            current[1].append(text)
    if not found:
        return None
    comments = []
    for author, body_lines, reply_to in found:
        comment = _parse_comment(body_lines)
        if comment is None:
            continue
        comment.author = None if author.casefold() in _ANONYMOUS else author
        comment.in_reply_to = reply_to
        comments.append(comment)
    return kept, comments


def _comment_header(text: str) -> str | None:
    """The author a comment's header names: "Name says:", "Name | 24 January 2019 at 10:15"."""
    if says := _SAYS.match(text):
        return says["name"]
    name, bar, when = text.partition(" | ")
    if bar and _is_timestamp(when) and 1 <= len(name.split()) <= 5:
        return name
    return None


def _is_timestamp(text: str) -> bool:
    stamp = _TIMESTAMP.match(text)
    return bool(stamp and parse_stated_date(stamp["date"]))


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
    """Split a page's normalised text into its parts; SeedFormatError when it holds no article.

    The locator finds the main text among the site's furniture; the title is the best headline just before
    it; the lines between them are the head (standfirst, byline, date, caption, notes), where anything
    else is furniture; readers' comments follow the main text.
    """
    raw_lines = text.split("\n")
    main = locate(raw_lines)
    if not main.found:
        raise SeedFormatError("no article text: no run of sentences, only menus, links or short lines")
    end = _comments_begin(raw_lines, main)
    after, comments = _comments(raw_lines[end:])
    dropped = [line.strip() for line in after if _is_boilerplate(line.strip())]
    title_at = _find_title(main)
    heading = next(
        (
            i
            for i in range(main.start - 1, -1, -1)
            if main.lines[i] and COMMENTS_START.match(main.lines[i].text)
        ),
        None,
    )
    if heading is not None and (title_at is None or title_at < heading):
        raise SeedFormatError("no article text: the page holds only readers' comments")
    if title_at is None:
        raise SeedFormatError("no recognisable title before the article's text")
    title = main.lines[title_at].text
    site_name = _site_name(main, title_at, known_sites)
    dropped += [line.text for line in main.lines[:title_at] if line and line.text != site_name]

    article = ParsedArticle(title=title, site_name=site_name, dropped=dropped)
    article.comments = comments
    tail = ["" if _is_boilerplate(line.strip()) else line for line in after]
    split_parts(article, list(_blocks(main, title_at + 1, end, dropped)), tail=_split_blocks(tail))
    return article


def split_parts(
    article: ParsedArticle, blocks: list[tuple[list[str], bool]], *, tail: list[list[str]] = ()
) -> None:
    """Sort the blocks under the title into the article's parts: notes and a caption anywhere; a byline, a
    stated date, a dateline and a standfirst before the body; the author's name and bio at its end.

    blocks: each with whether it lies in the main text (a block above it that is none of the head's parts is
    furniture). tail: the blocks after the main text and its comments, where an author's bio may close it.
    """
    paragraphs: list[str] = []
    head = True  # before the first body paragraph
    after_date = False  # the line above stated a date: a bare name under it is the author's
    for position, (block, in_main) in enumerate(blocks):
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
            parts = _head_line(joined, after_date=after_date) if len(block) == 1 else None
            if parts is not None:
                names, date = parts
                article.byline += [name for name in names if name not in article.byline]
                if date and not article.source_date:
                    article.source_date, article.source_date_precision = date
                    if article.source_date_precision == "day":
                        article.published = article.source_date
                after_date = date is not None
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
                and len(joined.split()) >= STANDFIRST_MIN_WORDS
                and not joined.endswith(":")
                and (not re.search(r"[.!?”\"]$", joined) or _dateline_follows(blocks, position))
            ):
                article.subtitle = joined
                continue
            if not in_main:
                article.dropped.append(joined)  # above the main text and none of the head's parts: furniture
                continue
            head = False
        paragraphs.append(_paragraph(block))

    # A wire story's credit closes it: "(Reporting by A; Editing by B)" names its reporter, A.
    if paragraphs and (credit := _REPORTING.match(paragraphs[-1])):
        article.byline += [name for name in _names(credit["names"]) if name not in article.byline]
        article.dropped.append(paragraphs.pop())
    # The author's name and bio close the article, after its comments on some pages.
    tail_paragraphs = [_paragraph(block) for block in tail]
    with_tail = paragraphs + (tail_paragraphs if len(tail_paragraphs) <= AUTHOR_TAIL_BLOCKS else [])
    if _take_author(article, with_tail):
        paragraphs = with_tail
    else:
        # No author block: short heading-like lines at the very end are footer, not body.
        while len(paragraphs) > 1 and _is_heading(paragraphs[-1]) and len(paragraphs[-1].split()) <= 5:
            article.footer.insert(0, paragraphs.pop())
        article.footer += tail_paragraphs
    article.body = paragraphs
    bound_by_notes(article)


def bound_by_notes(article: ParsedArticle) -> None:
    """A page that states no date but carries a dated note is from that day or before: its month."""
    dates = [note.date for note in article.notes if note.date]
    if article.source_date is None and dates:
        article.source_date, article.source_date_precision = min(dates).replace(day=1), "month"


def _stated(match: re.Match) -> tuple[datetime.date, str] | None:
    """The date a 'Published: ...' line states; a year alone only after such a label."""
    stated = parse_stated_date(match["date"])
    if stated and stated[1] == "year" and not match["label"]:
        return None
    return stated


def _paragraph(block: list[str]) -> str:
    return "\n".join(block) if _is_verse(block) else " ".join(block)


def _head_line(text: str, *, after_date: bool) -> tuple[list[str], tuple[datetime.date, str] | None] | None:
    """The byline and date a line above the body gives, in the shapes sites print them, or None:
    "By A and B", "Author: A", "Müəllif: A", "Posted on DATE by A", "Posted: DATE | By A",
    "DATE · A · 4 min read", a date alone, or a name alone under a date line."""
    names: list[str] = []
    date = None
    segments = _HEAD_SEPARATOR.split(text)
    for segment in segments:
        segment = segment.strip()
        if not segment or _READING_TIME.match(segment):
            continue
        if posted := _POSTED_BY.match(segment):
            stated = parse_stated_date(posted["date"])
            if stated is None:
                return None
            date, names = date or stated, names + _names(posted["names"])
        elif byline := _BYLINE.match(segment):
            names += _names(byline["names"])
        elif (stated := _PUBLISHED_LINE.match(segment)) and (found := _stated(stated)):
            date = date or found
        elif is_name(segment) and (after_date or date or len(segments) > 1):
            names.append(segment)
        else:
            return None
    return (names, date) if names or date else None


def _names(text: str) -> list[str]:
    """The people of a byline: "A, B and C" or "A & B"."""
    return [name.strip(" .") for name in _NAME_SEPARATOR.split(text) if name.strip(" .")]


def _is_boilerplate(line: str) -> bool:
    return line.casefold() in BOILERPLATE or bool(_SHARE.match(line))


def _blocks(main: MainText, start: int, end: int, dropped: list[str]) -> Iterator[tuple[list[str], bool]]:
    """The blocks (lines between blank lines) from start to end, without furniture and boilerplate lines,
    each with whether it lies in the main text."""
    current: list[str] = []
    current_in_main = False
    for index in range(start, end):
        line = main.lines[index]
        if line is None:
            if current:
                yield current, current_in_main
                current = []
            continue
        in_main = index >= main.start
        if current and in_main != current_in_main:
            yield current, current_in_main
            current = []
        if line.furniture or _is_boilerplate(line.text):
            dropped.append(line.text)
            continue
        current.append(line.text)
        current_in_main = in_main
    if current:
        yield current, current_in_main


def _comments_begin(raw_lines: list[str], main: MainText) -> int:
    """Where the readers' comments begin: the main text's end, or a run of numbered comments indented under
    it (as seed 000 has them) after which no paragraph at the body's own indentation follows."""
    prose = [line for line in main.lines[main.start : main.end] if line and line.score > 0]
    body_indent = min((line.indent for line in prose), default=0)
    first_comment = None
    for index in range(main.start, main.end):
        line = main.lines[index]
        if line is None:
            continue
        if first_comment is None:
            if line.indent > body_indent and _COMMENT_START.match(raw_lines[index]):
                first_comment = index
        elif line.indent <= body_indent and line.score > 0:
            first_comment = None  # body text again: that was a numbered list in the article
    return main.end if first_comment is None else first_comment


def _find_title(main: MainText) -> int | None:
    """The line most like the story's headline among the lines just before its main text."""
    lead = {word for line in main.lines[main.start : main.start + 20] if line for word in _words(line.text)}
    seen: dict[str, int] = {}
    for line in main.lines:
        if line:
            seen[line.text.casefold()] = seen.get(line.text.casefold(), 0) + 1
    best, best_score = None, float("-inf")
    distance = 0
    for index in range(main.start - 1, -1, -1):
        line = main.lines[index]
        if line is None:
            continue
        distance += 1
        if distance > TITLE_WINDOW:
            break
        if not _could_be_title(line.text) or line.furniture:
            continue
        words = _words(line.text)
        score = -TITLE_DISTANCE_COST * distance
        score += TITLE_LEAD_WEIGHT * (len(words & lead) / len(words) if words else 0)
        capitalised = [w for w in line.text.split() if len(w) > 3 and w[0].isalpha()]
        if capitalised:
            score += TITLE_CASE_WEIGHT * sum(w[0].isupper() for w in capitalised) / len(capitalised)
        if seen[line.text.casefold()] > 1 and len(line.text.split()) >= 3:
            score += TITLE_REPEATED_WEIGHT  # headlines recur: in the breadcrumb, a gallery, the share text
        if 4 <= len(line.text.split()) <= 25:
            score += 1
        if score > best_score:
            best, best_score = index, score
    return best


def _could_be_title(text: str) -> bool:
    return (
        len(text) <= MAX_TITLE_LENGTH
        and (len(text.split()) >= 2 or len(text) >= 8)
        and not text.endswith((".", ",", ":", ";"))
        and _BYLINE.match(text) is None
        and _CAPTION.match(text) is None
        and _note(text) is None
        and parse_date(text) is None
        and not _states_a_date(text)
        and not _is_boilerplate(text)
        and not COMMENTS_START.match(text)
        and any(ch.isalpha() for ch in text)
    )


def _states_a_date(text: str) -> bool:
    stated = _PUBLISHED_LINE.match(text)
    return bool(stated and parse_date(stated["date"]))


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w{3,}", text.casefold())}


def _site_name(main: MainText, title_at: int, known_sites: frozenset[str]) -> str | None:
    """A publication we know named before the title, or the page's first line when it reads as a site name
    (a few words, no sentence) directly above a longer title."""
    known = {site.casefold() for site in known_sites}
    before = [line for line in main.lines[:title_at] if line]
    for line in before[-TITLE_WINDOW:]:
        name = _TAGLINE.split(line.text, maxsplit=1)[0]
        if name.casefold() in known:
            return name
    if len(before) == 1:
        # "Caucasus Monitor — News from the South Caucasus": the name before its tagline.
        name, title = _TAGLINE.split(before[0].text, maxsplit=1)[0], main.lines[title_at].text
        if _is_heading(name) and len(name.split()) <= 4 and len(title.split()) > len(name.split()) + 2:
            return name
    return None


def _dateline_follows(blocks: list[tuple[list[str], bool]], position: int) -> bool:
    """A dateline opens one of the next few blocks: this one is a standfirst, even with a full stop."""
    return any(_DATELINE.match(" ".join(block)) for block, _ in blocks[position + 1 : position + 5])


def _is_verse(block: list[str]) -> bool:
    return len(block) > 1 and all(len(line) < 60 for line in block)


def _take_author(article: ParsedArticle, paragraphs: list[str]) -> bool:
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
        return True
    return False
