"""Name folding shared by aliases, slugs, search and the importer's linker."""

import functools
import re
import unicodedata

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


def numbered_slug(base: str, n: int, max_length: int = 200) -> str:
    """base-n, shortening base to keep within max_length."""
    suffix = f"-{n}"
    return base[: max_length - len(suffix)] + suffix


def slug_for(text: str, max_length: int = 200) -> str:
    """A URL slug for any name, folding diacritics first so that no letter is dropped."""
    return slugify(fold(text))[:max_length].strip("-") or "untitled"
