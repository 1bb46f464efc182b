"""What a moderator should look at before a reader's comment goes out: personal details that could expose
someone (a phone number, a street address, an email address, an identity or passport number, a car plate)
and the words editors list as suspect or banned.

Pure Python, text in, findings out: the comment service holds a comment that has any, with the reason and
the matched words, and the admin highlights them. On this beat a careless comment can expose a prisoner's
family, so the patterns lean towards holding: a held comment costs a moderator a look, a published address
can cost far more. Every pattern is linear (bounded repeats only, each match starting at a boundary).
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from people.text import fold, transliterate


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    text: str  # the words as the reader wrote them
    start: int
    end: int


KINDS = {
    "phone": "a phone number",
    "email": "an email address",
    "address": "a street address",
    "identity": "an identity or passport number",
    "plate": "a car plate",
}

# A phone number: nine to fifteen digits, in groups separated by a space, a hyphen, a dot or brackets
# (+994 50 123 45 67, 055-123-45-67, +7 (912) 345-67-89, (202) 555-0147, 07700 900123).
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d(?:[ \-.()]{0,2}\d){8,16}(?![\w])")
_PHONE_DIGITS = range(9, 16)
# Years and dates are runs of digits too: a run made of nothing but four-digit years is not a phone.
_YEARS = re.compile(r"^(?:(?:19|20)\d\d[ \-./]{0,3})+$")
_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{1,64}(?:@| ?\[at\] ?| \(at\) )"
    r"[\w\-]{1,63}(?:(?:\.| ?\[dot\] ?)[\w\-]{1,63}){1,4}",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    # Azerbaijani: "Nizami küç., ev 5", "Azadlıq prospekti 12", "mənzil 7".
    r"(?<!\w)\w{2,30} (?:küç\.|küçəsi|kuc\.|kucesi|prospekti|pr\.|döngəsi|dalanı|şossesi|məhəlləsi)"
    r"(?:,? ?(?:ev|bina|mənzil)? ?\d{1,4}\w?)?"
    r"|(?<!\w)(?:ev|bina|mənzil) \d{1,4}\w?(?!\w)"
    # Russian: "ул. Ленина, д. 5", "проспект Мира 12", "д. 5, кв. 12".
    r"|(?<!\w)(?:ул\.|улица|пр-т|проспект|пер\.|переулок|бульвар|шоссе) ?\w{2,30}"
    r"(?:,? ?(?:д\.|дом) ?\d{1,4})?"
    r"|(?<!\w)(?:д\.|дом|кв\.|квартира) ?\d{1,4}(?!\w)"
    # English: "221B Baker Street", "1600 Pennsylvania Avenue", "Apt 4", "flat 3".
    r"|(?<!\w)\d{1,5}[A-Za-z]? (?:[A-Z][a-z]{1,20} ){1,3}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Close|Place|Square|Way|Terrace|Crescent)"
    r"(?!\w)|(?<!\w)(?:apartment|apt\.?|flat|suite) \d{1,4}\w?(?!\w)",
    re.IGNORECASE,
)
_IDENTITY = re.compile(
    # Azerbaijani identity cards (AA1234567, AZE 12345678), a UK National Insurance number (QQ 12 34 56 C),
    # and any code of letters and digits after the words for a passport, an ID card or a FIN code.
    r"(?<!\w)(?:AA ?\d{7}|AZE ?\d{8}|[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D])(?!\w)"
    r"|(?<!\w)(?:passport|pasport|паспорт|fin|fin kod|ID|ID card|şəxsiyyət vəsiqəsi|vəsiqə)"
    r"(?: (?:no\.?|number|nömrəsi|номер|№))?:? ?"
    r"(?=[A-Z0-9 ]{0,3}\d)[A-Z0-9]{1,4}(?: ?[A-Z0-9]{1,10}){1,3}(?!\w)",
    re.IGNORECASE,
)
_PLATE = re.compile(
    # Azerbaijan (10-AA-123, 90 XY 777), Russia (А123ВС 77, A123BC777), the United Kingdom (AB12 CDE).
    r"(?<!\w)(?:\d{2}[ \-]?[A-Z]{2}[ \-]?\d{3}"
    r"|[АВЕКМНОРСТУХABEKMHOPCTYX]\d{3}[АВЕКМНОРСТУХABEKMHOPCTYX]{2} ?\d{2,3}"
    r"|[A-Z]{2}\d{2} ?[A-Z]{3})(?!\w)"
)


def find_personal_details(text: str) -> list[Finding]:
    """Every phone number, email address, street address, identity number and car plate in the text."""
    findings = []
    for kind, pattern in (
        ("email", _EMAIL),
        ("identity", _IDENTITY),
        ("plate", _PLATE),
        ("address", _ADDRESS),
    ):
        findings += [Finding(kind, m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
    taken = [(f.start, f.end) for f in findings]
    for match in _PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in match.group())
        overlaps = any(start < match.end() and match.start() < end for start, end in taken)
        if digits in _PHONE_DIGITS and not _YEARS.match(match.group()) and not overlaps:
            findings.append(Finding("phone", match.group(), match.start(), match.end()))
    return sorted(findings, key=lambda f: f.start)


def moderation_key(text: str) -> str:
    """A word's form for matching across scripts, diacritics and common transliterations: Cyrillic to Latin,
    diacritics dropped, and the letters transliterations disagree on made one (x, kh and h; y and i; q and
    g; w and v; sh and s; ch and c; zh and j)."""
    key = fold(transliterate(text.lower()))
    for spelling, one in (("kh", "h"), ("x", "h"), ("sh", "s"), ("ch", "c"), ("zh", "j"), ("y", "i")):
        key = key.replace(spelling, one)
    return key.replace("q", "g").replace("w", "v")


def find_words(text: str, words: dict[str, str]) -> list[tuple[str, str]]:
    """The listed words (keyed by moderation_key, valued by their list) that the text holds as whole words,
    with their list: [(word's key, "suspect"), ...]."""
    keyed = f" {moderation_key(text)} "
    return [(key, kind) for key, kind in words.items() if key and f" {key} " in keyed]


def highlight(text: str, findings: list[Finding]) -> SafeString:
    """The text escaped, with each finding in <mark>, for the moderator."""
    parts, position = [], 0
    for finding in findings:
        if finding.start < position:
            continue
        parts.append(escape(text[position : finding.start]))
        parts.append(f'<mark title="{escape(KINDS[finding.kind])}">{escape(finding.text)}</mark>')
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # nosec B308 B703  # every piece escaped above


def held_reason(findings: list[Finding]) -> str:
    """The reason shown to the moderator: 'personal details: a phone number, a street address'."""
    kinds = list(dict.fromkeys(KINDS[f.kind] for f in findings))
    return f"personal details: {', '.join(kinds)}" if kinds else ""
