"""Find the article in a flattened web page: which lines are its main text, which are the site's furniture.

Pure Python, lines in, a MainText out. A page flattened to text keeps every menu, share bar, "trending" list
and footer of its site around the story. Each line is scored on signals that hold on any site, in the
manner of jusText (Pomikálek, "Removing Boilerplate and Duplicate Content from Web Corpora", 2011):

- long lines with a normal share of the language's stop words are prose (+ their word count);
- lines of middling length that end a sentence are probably prose (+ half their word count);
- short lines (menu entries, headlines of other stories, labels, bylines) cost a fixed amount, list items
  more, and lines of site furniture (share, subscribe, cookies, related stories) more again.

The main text is then the run of lines with the largest total score (the maximum-sum run, found in one pass):
prose with the odd short line inside it (a subheading, a caption) stays whole, while the menus before it and
the related stories and footers after it cost more than they could add. It ends where the readers' comments
begin. Every pattern here is linear: no nested repetition.
"""

import functools
import re
from dataclasses import dataclass

import justext

# A line this long, with the language's share of stop words, is prose.
PROSE_CHARACTERS = 200
PROSE_STOP_WORDS = 0.30
# A line this long that ends a sentence, with some stop words, is probably prose.
SENTENCE_CHARACTERS = 60
SENTENCE_STOP_WORDS = 0.20
SENTENCE_WEIGHT = 0.5
# Shorter sentences right after the main text still belong to it.
SENTENCE_WORDS = 3
# What a line that is not prose costs the run it is in.
SHORT_COST = 5
LIST_ITEM_COST = 2  # on top of SHORT_COST
FURNITURE_COST = 5
SECTION_END_COST = 10  # "Related stories", "Tags:", "Most read": the article is probably over

WORD = re.compile(r"\w+")
# inscriptis marks list items with *, o, +, - or a number; browsers and other flatteners with • or ·.
LIST_ITEM = re.compile(r"^\s*(?:[*o+\-•·▪►]|\d{1,3}[.)])(?:\s+|$)")
NUMBERED = re.compile(r"^\s*\d{1,4}[.)]\s")
SENTENCE_END = re.compile(r"[.!?:;…\"”»’)]$")
FURNITURE = re.compile(
    r"\b(?:share|shares|tweet|subscribe|subscribers?|newsletters?|sign (?:in|up)|log ?in|register|cookies?"
    r"|advertisements?|advertising|sponsored|copyright|all rights reserved|privacy|terms of (?:use|service)"
    r"|follow us|read more|see more|click here|download (?:our|the) app|paylaş|abunə|подписаться"
    r"|поделиться|реклама|войти)\b|©",
    re.IGNORECASE,
)
SECTION_END = re.compile(
    r"^(?:related(?: articles| stories| posts| news| content| coverage| topics)?|you (?:may|might) also like"
    r"|recommended(?: for you| stories| articles)?|more (?:from|stories|news|on|in)\b.{0,40}|read next"
    r"|share this(?: article| story| post)?|about the author|tags?\b.{0,200}|filed under\b.{0,200}"
    r"|don'?t miss|most (?:read|popular|viewed|shared)|trending(?: now| stories)?|latest (?:news|stories)"
    r"|oxşar xəbərlər|digər xəbərlər|похожие (?:новости|статьи)|читайте также)\W{0,3}$",
    re.IGNORECASE,
)
# A cookie notice of any length: "We use cookies ... By continuing to browse you agree ... Accept".
COOKIE_NOTICE = re.compile(r"\bcookies?\b.{0,300}\b(?:accept|agree|consent|continu\w*)\b", re.IGNORECASE)
# Breadcrumbs and link bars: "Home › News › Politics", "Privacy policy | Terms of use | Cookies".
CRUMB_SEPARATOR = re.compile(r" [›»>/|] ")
CRUMB_WORDS = 4

# Where readers' comments begin: the article is over. Some of these also label a link near the top of a page
# ("3 comments", "Comments"): those only end the main text once it has begun.
COMMENTS_START = re.compile(
    r"^(?:\[?\s*\d+\s+(?:comments?|responses?|replies|thoughts)\b.{0,80}"
    r"|(?:top rated |reader |readers' |show |view |load |latest )?comments?(?: \(\d+\))?"
    r"|leave a (?:reply|comment)\b.{0,20}|add a comment|post a comment|join the (?:discussion|conversation)"
    r"|\d+ (?:thoughts|responses|replies) (?:on|to) .{1,200}|comments are closed\.?"
    r"|şərhlər|комментарии(?: \(\d+\))?)\W{0,3}$",
    re.IGNORECASE,
)
# The first line of a comment, besides a numbered one: "Name says:", or "Name | DATE".
COMMENT_OPENING = re.compile(
    r"^(?:[^:|]{1,80} (?:says|said|wrote) ?:?|[^|]{1,60} \| .{0,30}\d.{0,30})$", re.I
)
# Headings that open a comment section and nothing else: no prose after them is the article's.
COMMENT_SECTION = re.compile(
    r"^(?:leave a (?:reply|comment)\b.{0,20}|add a comment|post a comment"
    r"|join the (?:discussion|conversation)|\d+ (?:thoughts|responses|replies|comments) (?:on|to) .{1,200}"
    r"|top rated comments|reader comments)\W{0,3}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """One line of the page, as the locator saw it."""

    text: str  # stripped, list marker removed
    indent: int
    words: int
    score: float
    furniture: bool  # share bars, cookie notices, "related stories": never part of an article
    list_item: bool
    numbered: bool  # "1. ...": an ordered list's item, or a numbered comment


@dataclass(frozen=True)
class MainText:
    lines: list[Line | None]  # every line of the page; None for blank ones
    start: int  # the main text's first line
    end: int  # one past its last line (where the comments or the site's furniture begin)

    @property
    def found(self) -> bool:
        return self.end > self.start


@functools.cache
def _stop_word_languages() -> dict[str, tuple[str, ...]]:
    """Every stop word of jusText's hundred languages, with the languages that have it."""
    languages: dict[str, list[str]] = {}
    for language in justext.get_stoplists():
        for word in justext.get_stoplist(language):
            languages.setdefault(word, []).append(language)
    return {word: tuple(names) for word, names in languages.items()}


@functools.cache
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(justext.get_stoplist(language))


def stop_words_for(words: list[str]) -> frozenset[str]:
    """The stop words of the page's language: the language whose stop words the page uses most."""
    by_word = _stop_word_languages()
    counts: dict[str, int] = {}
    for word in words:
        for language in by_word.get(word, ()):
            counts[language] = counts.get(language, 0) + 1
    if not counts:
        return frozenset()
    return _stop_words(max(counts, key=counts.__getitem__))


# The languages the site shows content in, as jusText names their stop-word lists.
SITE_LANGUAGES = {"Azerbaijani": "az", "Russian": "ru", "English": "en"}


def language_of(text: str) -> str:
    """The site language ("az", "ru", "en") whose stop words the text uses most, or "" for another
    language or too few words to tell."""
    by_word = _stop_word_languages()
    counts = dict.fromkeys(SITE_LANGUAGES, 0)
    for word in WORD.findall(text.casefold()):
        for language in by_word.get(word, ()):
            if language in counts:
                counts[language] += 1
    best = max(counts, key=counts.__getitem__)
    return SITE_LANGUAGES[best] if counts[best] >= 3 else ""


def score_lines(raw_lines: list[str], *, lenient: bool = False) -> list[Line | None]:
    """Each line's score as main text; None for blank lines.

    lenient: any line that ends a sentence counts as prose, for pages too short to have long lines."""
    texts = [LIST_ITEM.sub("", line.strip(), count=1) if line.strip() else "" for line in raw_lines]
    words = [WORD.findall(text.casefold()) for text in texts]
    stop_words = stop_words_for([word for line in words for word in line])
    lines: list[Line | None] = []
    for raw, text, line_words in zip(raw_lines, texts, words, strict=True):
        if not raw.strip():
            lines.append(None)
            continue
        count = len(line_words)
        share = sum(word in stop_words for word in line_words) / count if count else 0.0
        furniture = (
            bool(SECTION_END.match(text))
            or (count < 15 and bool(FURNITURE.search(text)))
            or bool(COOKIE_NOTICE.search(text))
            or _is_breadcrumb(text)
        )
        if SECTION_END.match(text) or COMMENTS_START.match(text):
            score = -SECTION_END_COST
        elif furniture:
            score = -FURNITURE_COST
        elif len(text) >= PROSE_CHARACTERS and share >= PROSE_STOP_WORDS:
            score = count
        elif len(text) >= SENTENCE_CHARACTERS and share >= SENTENCE_STOP_WORDS and SENTENCE_END.search(text):
            score = count * SENTENCE_WEIGHT
        elif lenient and count and SENTENCE_END.search(text):
            score = count + SHORT_COST  # a short line between two sentences does not split them
        else:
            score = -SHORT_COST - (LIST_ITEM_COST if LIST_ITEM.match(raw) else 0)
        indent = len(raw) - len(raw.lstrip())
        lines.append(
            Line(
                text=text,
                indent=indent,
                words=count,
                score=score,
                furniture=furniture,
                list_item=bool(LIST_ITEM.match(raw)),
                numbered=bool(NUMBERED.match(raw)),
            )
        )
    return lines


def _opens_comments(lines: list[Line | None], index: int) -> bool:
    """A comment section's heading: one that names nothing else ("Leave a reply"), or any comments heading
    ("2 Comments") with a comment right under it. A "3 comments" link near a story's top has the story
    under it.
    """
    line = lines[index]
    if COMMENT_SECTION.match(line.text):
        return True
    if not COMMENTS_START.match(line.text):
        return False
    following = next((later for later in lines[index + 1 : index + 4] if later), None)
    return following is not None and (following.numbered or bool(COMMENT_OPENING.match(following.text)))


def _is_breadcrumb(text: str) -> bool:
    """Three or more short items between separators: a trail of links, not a sentence."""
    items = CRUMB_SEPARATOR.split(text)
    return len(items) >= 3 and all(0 < len(item.split()) <= CRUMB_WORDS for item in items)


def locate(raw_lines: list[str]) -> MainText:
    """The run of lines with the largest total score, cut where readers' comments begin.

    A page with no line long enough to be prose (a short note, a test page) is read again leniently.
    """
    main = _best_run(score_lines(raw_lines))
    return main if main.found else _best_run(score_lines(raw_lines, lenient=True))


def _best_run(lines: list[Line | None]) -> MainText:
    """The maximum-sum run (Kadane's algorithm), before the readers' comments if the page has any."""
    seen_prose = False
    for index, line in enumerate(lines):
        if line and seen_prose and line.score <= 0 and _opens_comments(lines, index):
            before = _best_run(lines[:index])
            if before.found:
                return MainText(lines=lines, start=before.start, end=before.end)
            break
        seen_prose = seen_prose or bool(line and line.score > 0)
    best = total = 0.0
    start = best_start = best_end = 0
    for index, line in enumerate(lines):
        score = line.score if line else 0.0
        if total <= 0:
            total, start = score, index
        else:
            total += score
        if total > best:
            best, best_start, best_end = total, start, index + 1
    for index in range(best_start, best_end):
        line = lines[index]
        if line and line.score <= 0 and COMMENTS_START.match(line.text):
            return MainText(lines=lines, start=best_start, end=index)
    # Short sentences that close the story ("He was released on Friday.") cost as much as a menu entry:
    # take them back while nothing else comes between.
    while best_end < len(lines) and (lines[best_end] is None or _closes_a_sentence(lines[best_end])):
        best_end += 1
    while best_end > best_start and lines[best_end - 1] is None:
        best_end -= 1
    return MainText(lines=lines, start=best_start, end=best_end)


def _closes_a_sentence(line: Line) -> bool:
    return (
        line.words >= SENTENCE_WORDS
        and not line.furniture
        and not line.list_item
        and SENTENCE_END.search(line.text) is not None
        and COMMENTS_START.match(line.text) is None
    )
