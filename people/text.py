"""Name folding shared by aliases, slugs, search and the importer's linker."""

import functools
import itertools
import re
import unicodedata
from collections import Counter

from django.utils.text import slugify

# Letters that Unicode does not decompose into a base letter plus a mark.
_LETTERS = str.maketrans(
    {
        "ə": "e",
        "Ə": "e",
        "ı": "i",
        "İ": "i",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "’": "'",
        "‘": "'",
    }
)
_NOT_WORD = re.compile(r"[^\w]+")
# Cyrillic (Russian, Ukrainian, and Azerbaijani Cyrillic) to Latin letters for slugs, as the English press
# spells names from Russian: "Мехман Гусейнов" -> mekhman-guseinov. Lower case only: slug_for lowers first.
_CYRILLIC = str.maketrans(
    dict(zip("абвгдезийклмнопрстуфыэіґәөүҝ", "abvgdeziiklmnoprstufyeigeoug", strict=True))
    | {"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": ""}
    | {"ю": "yu", "я": "ya", "ї": "yi", "є": "ye", "ғ": "gh", "һ": "h", "ҹ": "j", "ј": "y"}
)


@functools.lru_cache(maxsize=65536)  # the linker folds every word of every page; most words recur
def fold(text: str) -> str:
    """Lower-case ASCII-ish form of a name: 'Xədicə İsmayılova' -> 'xedice ismayilova'."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def unique_slug(base: str, *, taken: set[str], max_length: int = 200) -> str:
    """base, or base-2, base-3, ... : the first not among the slugs already taken."""
    slug, n = base, 2
    while slug in taken:
        slug, n = numbered_slug(base, n, max_length), n + 1
    return slug


def taken_slugs(rows, bases: list[str], *, probe: int = 20) -> set[str]:
    """Which of these bases, and where a base is taken (or wanted twice) its numbered forms, are slugs in
    `rows` (a queryset with a slug field). Exact lookups only, so that the slug index serves them on every
    database (SQLite's LIKE cannot); `probe` numbered forms are asked for at a time."""
    taken = set(rows.filter(slug__in=set(bases)).values_list("slug", flat=True))
    repeated = {base for base, count in Counter(bases).items() if count > 1}
    crowded = (taken & set(bases)) | repeated  # bases that need numbered forms looked up
    for start in itertools.count(2, probe):
        if not crowded:
            return taken
        # One query a round for every crowded base; a base with a free form in this round is done.
        numbered = {base: [numbered_slug(base, n) for n in range(start, start + probe)] for base in crowded}
        wanted = [slug for forms in numbered.values() for slug in forms]
        found = set(rows.filter(slug__in=wanted).values_list("slug", flat=True))
        taken |= found
        crowded = {base for base, forms in numbered.items() if found.issuperset(forms)}


def numbered_slug(base: str, n: int, max_length: int = 200) -> str:
    """base-n, shortening base to keep within max_length."""
    suffix = f"-{n}"
    return base[: max_length - len(suffix)] + suffix


def transliterate(text: str) -> str:
    """Cyrillic letters in Latin ones, as the English press spells them; the text lower-cased."""
    return text.lower().translate(_CYRILLIC)


def slug_for(text: str, max_length: int = 200) -> str:
    """A URL slug for any name, transliterating Cyrillic and folding diacritics first so that no letter is
    dropped."""
    return slugify(fold(transliterate(text)))[:max_length].strip("-") or "untitled"


def free_slug(rows, text: str, max_length: int = 200) -> str:
    """slug_for(text), numbered if it is taken among `rows` (a queryset with a slug field)."""
    base = slug_for(text, max_length)
    return unique_slug(base, taken=taken_slugs(rows, [base]), max_length=max_length)
