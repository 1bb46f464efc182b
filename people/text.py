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


# Names across scripts. The press writes one Azerbaijani name three ways: in Azerbaijani Latin (Mehman
# Hüseynov), in Russian Cyrillic (Мехман Гусейнов), and in English, either straight from the Azerbaijani
# (Mehman Huseynov) or romanized from the Russian (Mekhman Guseynov). The Russian follows the
# Azerbaijani-Russian practical transcription (Russian Wikipedia's table), with the press's habits where
# they differ from it: ə is а (Həsən -> Гасан, not Гасен), h opening a word is Г (Hüseynov -> Гусейнов),
# ü and ö keep their softness only after g and k (Gülnar -> Гюльнар, Hüseyn -> Гусейн). The English of
# the Russian is BGN/PCGN without apostrophes, and дж as j (Хадиджа -> Khadija). Azerbaijani Cyrillic
# (ә, ғ, ҝ, һ, ҹ, ј, ө, ү) goes letter for letter to Azerbaijani Latin (BGN/PCGN 1993 table). Each word is
# read once, left to right, with one letter of context either side: no patterns, no backtracking.

_AZ_VOWELS = frozenset("aeəıioöuü")
_FRONT_VOWELS = frozenset("eəiöü")  # after these, l before a consonant or at the end is ль (Ильгар)
_AZ_LETTERS = frozenset("əışçğöüxqc")  # letters English spellings never use: the word is Azerbaijani
_CYRILLIC_LETTERS = re.compile(r"[\u0400-\u04ff]")
_AZ_CYRILLIC = frozenset("әғҝһҹјөү")  # letters only Azerbaijani Cyrillic has
_NAME_PARTS = re.compile(r"(\w+)")

# Azerbaijani Cyrillic to Azerbaijani Latin, letter for letter (BGN/PCGN 1993).
_AZ_CYRILLIC_TO_LATIN = str.maketrans(
    dict(zip("абвгғдеәжзиыјкҝлмнoөпрстуүфхһчҹшй", "abvqğdeəjziıykglmnoöprstuüfxhçcşy", strict=True))
    | {"о": "o", "ј": "y", "ь": "", "ъ": "", "’": ""}
)
# English spellings of Azerbaijani names, read as the Azerbaijani letters they stand for: Mekhman -> mexman.
# The longest spelling at each place wins.
_ENGLISH_TO_AZ = {"dzh": "c", "kh": "x", "sh": "ş", "ch": "ç", "zh": "j", "gh": "ğ", "j": "c", "c": "k"}
_ENGLISH_TO_AZ |= {"dj": "c", "w": "v"}  # dj as in Gadjiev, Adjemian
# Azerbaijani Latin to Russian Cyrillic, a letter at a time; the context rules are in _az_to_russian().
_AZ_TO_RUSSIAN = dict(
    zip("abdefghijklmnopqrstuvwxyzçğıöüşə", "абдефгхижклмнопгрстувwхйзчгыоушa", strict=True)
)
_AZ_TO_RUSSIAN |= {"c": "дж", "w": "в", "ə": "а", "ı": "ы"}
# y and the vowel after it, as one iotated Russian letter: Yaqublu -> Ягублу, Əliyev -> Алиев.
_IOTATED = {"a": "я", "ə": "я", "u": "ю", "ü": "ю", "e": "е", "o": "ё", "ö": "ё", "ı": "и", "i": "и"}
# Established Russian forms of frequent name parts that the letter rules would spell otherwise: the press
# writes Мамедов for Məmmədov and Mammadov, and -заде for -zadə however the English ends it.
_RUSSIAN_PREFIXES = {"məmməd": "мамед", "mammad": "мамед"}
_RUSSIAN_SUFFIXES = {"zadə": "заде", "zada": "заде"}
# Russian Cyrillic to English, BGN/PCGN without apostrophes, and дж as j.
_RUSSIAN_TO_ENGLISH = dict(zip("абвгдзиклмнопрстуфыэ", "abvgdziklmnoprstufye", strict=True))
_RUSSIAN_TO_ENGLISH |= {"е": "e", "ё": "yo", "ж": "zh", "й": "y", "х": "kh", "ц": "ts", "ч": "ch"}
_RUSSIAN_TO_ENGLISH |= {"ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ю": "yu", "я": "ya", "дж": "j"}
_RUSSIAN_VOWELS = frozenset("аеёиоуыэюяьъ")  # and the signs: е after them is ye (Алиев -> Aliyev)
# Azerbaijani Latin to English as the press writes it: Xədicə İsmayılova -> Khadija Ismayilova.
_AZ_TO_ENGLISH = str.maketrans(
    {"ə": "a", "ı": "i", "ş": "sh", "ç": "ch", "ğ": "gh", "x": "kh", "q": "g", "c": "j", "j": "zh"}
    | {"ö": "o", "ü": "u"}
)
# The key letters: what varies between the spellings of one name folds away. Vowels after a word's first
# letter lose what only one script marks (ə written а or е, ı written ы or и, ü written у or ю); й, ы and и
# are one; х and г are one (Hasanli, Гасанлы, Хасанлы; Ибрагим, Ibrahim); soft and hard signs go.
_KEY_LETTERS = str.maketrans({"е": "а", "э": "а", "я": "а", "ё": "о", "ю": "у", "й": "и", "ы": "и"})
_KEY_LETTERS_FIRST = str.maketrans({"э": "е", "я": "а", "ё": "о", "ю": "у", "й": "и", "ы": "и"})
_KEY_DROPPED = str.maketrans({"ь": "", "ъ": "", "х": "г"})


def _lower(word: str) -> str:
    return word.replace("İ", "i").lower()


def _english_to_az(word: str) -> str:
    """An English spelling's letters in Azerbaijani Latin: 'mekhman' -> 'mexman', 'hajiyev' -> 'hacıyev'."""
    out, i = [], 0
    while i < len(word):
        for size in (3, 2, 1):
            if word[i : i + size] in _ENGLISH_TO_AZ:
                out.append(_ENGLISH_TO_AZ[word[i : i + size]])
                i += size
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def _az_to_russian(word: str) -> str:
    """One lower-case Azerbaijani Latin word in Russian Cyrillic: 'hüseynov' -> 'гусейнов'."""
    prefix = next((p for p in _RUSSIAN_PREFIXES if word.startswith(p)), "")
    suffix = next((s for s in _RUSSIAN_SUFFIXES if word.endswith(s) and len(s) < len(word) - len(prefix)), "")
    out = [_RUSSIAN_PREFIXES[prefix]] if prefix else []
    i, end = len(prefix), len(word) - len(suffix)
    while i < end:
        before = word[i - 1] if i else ""
        letter, after = word[i], word[i + 1] if i + 1 < len(word) else ""
        i += 1
        if letter == "y" and after in _IOTATED and i < end:
            out.append(_IOTATED[after])  # Yaqub -> Ягуб; Ismayıl -> Исмаил
            i += 1
        elif letter == "h" and not before and after in _AZ_VOWELS:
            out.append("г")  # Həsən -> Гасан, Hüseyn -> Гусейн
        elif letter == "e" and not before:
            out.append("э")  # Elnur -> Эльнур
        elif letter in "üö" and before and before in "gk":
            out.append("ю" if letter == "ü" else "ё")  # Gülnar -> Гюльнар
        elif letter == "ı" and after == "y":
            out.append("и")  # Hacıyev -> Гаджиев
        elif letter == "l" and before in _FRONT_VOWELS and after not in _AZ_VOWELS:
            out.append("ль")  # İlqar -> Ильгар, Kamil -> Камиль
        else:
            out.append(_AZ_TO_RUSSIAN.get(letter, letter))
    if suffix:
        out.append(_RUSSIAN_SUFFIXES[suffix])
    return "".join(out)


def _russian_to_english(word: str) -> str:
    """One lower-case Russian word in English letters: 'гусейнов' -> 'guseynov', 'алиев' -> 'aliyev'."""
    out, i = [], 0
    while i < len(word):
        if word.startswith("дж", i):
            out.append("j")
            i += 2
            continue
        letter = word[i]
        if letter == "е" and (not i or word[i - 1] in _RUSSIAN_VOWELS):
            out.append("ye")
        else:
            out.append(_RUSSIAN_TO_ENGLISH.get(letter, letter))
        i += 1
    return "".join(out)


def _word_forms(word: str) -> tuple[str, str, str]:
    """One lower-case word as (Azerbaijani Latin or "" when it cannot be known, Russian, English)."""
    if _CYRILLIC_LETTERS.search(word):
        if not _AZ_CYRILLIC.intersection(word):
            return "", word, _russian_to_english(word)
        word = word.translate(_AZ_CYRILLIC_TO_LATIN)
    if _AZ_LETTERS.intersection(word):
        return word, _az_to_russian(word), word.translate(_AZ_TO_ENGLISH)
    return "", _az_to_russian(_english_to_az(word)), word  # English: its Azerbaijani letters are lost


def _cased(word: str, like: str) -> str:
    """word in the case of like; Azerbaijani capitals are dotted: i -> İ (and ı -> I)."""
    upper = word.replace("i", "İ").upper() if _AZ_LETTERS.intersection(word) else word.upper()
    if len(like) > 1 and like.isupper():
        return upper
    return upper[:1] + word[1:] if like[:1].isupper() else word


def _spelt(name: str, form: int) -> str:
    parts = _NAME_PARTS.split(name)
    for index in range(1, len(parts), 2):  # the words; the separators between them stay as they are
        parts[index] = _cased(_word_forms(_lower(parts[index]))[form], parts[index])
        if not parts[index]:
            return ""
    return "".join(parts)


def spellings(name: str) -> list[str]:
    """The name as the press spells it in each script, the name itself first: Azerbaijani Latin (when the
    name is in Azerbaijani Latin or Cyrillic: English and Russian lose ə, ı and q, so it is never guessed),
    Russian Cyrillic, English, and the English of the Russian.
    'Mehman Hüseynov' -> ['Mehman Hüseynov', 'Мехман Гусейнов', 'Mehman Huseynov', 'Mekhman Guseynov']."""
    russian = _spelt(name, 1)
    found = [name, _spelt(name, 0), russian, _spelt(name, 2), _spelt(russian, 2)]
    return list(dict.fromkeys(spelling for spelling in found if spelling))


@functools.lru_cache(maxsize=65536)  # the linker keys the capitalised words of every page; most recur
def word_key(word: str) -> str:
    """One word of a name as its cross-script key: every spelling of it in any script gives the same key."""
    russian = _word_forms(_lower(word))[1].translate(_KEY_DROPPED)
    if not russian:
        return ""
    key = russian[0].translate(_KEY_LETTERS_FIRST) + russian[1:].translate(_KEY_LETTERS)
    return "".join(letter for i, letter in enumerate(key) if not i or letter != key[i - 1])


def name_key(name: str) -> str:
    """A name as one key across scripts: 'Mehman Hüseynov', 'Мехман Гусейнов', 'Mekhman Guseynov' and
    'Mehman Huseynov' all give 'магман гусаинов'; 'Həsən' and 'Hüseyn' stay apart (гасан, гусаин)."""
    return " ".join(key for word in _NAME_PARTS.findall(name) if (key := word_key(word)))
