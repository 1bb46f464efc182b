"""The languages of the newsroom's content: the records are kept in English (the admin's language), and a
text readers see may also be kept in Azerbaijani and Russian; a reader whose language has none is shown the
English with a note saying so."""

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The language every record's main text is written in.
ORIGINAL = "en"


class Language(models.TextChoices):
    """Named as each language names itself, so every reader finds their own."""

    AZ = "az", "Azərbaycanca"
    RU = "ru", "Русский"
    EN = "en", "English"


# The help under a text's field in another language.
IN_ANOTHER_LANGUAGE = _(
    "Empty: readers in this language see the text above, with a note that it is not translated."
)

# The languages a text may be kept in besides the original: each has a field <name>_<code> (bio_az).
TRANSLATED = [code for code in Language.values if code != ORIGINAL]


@dataclass(frozen=True)
class Shown:
    """A text as a reader sees it: in their language when kept, else the original with `fallback` set."""

    text: str
    language: str
    fallback: bool

    def __str__(self):
        return self.text


def in_language(record, name: str, language: str | None = None) -> Shown:
    """The record's text `name` in the language (the active one by default), or the original with a note."""
    language = (language or translation.get_language() or ORIGINAL).split("-")[0]
    original = getattr(record, name)
    if language != ORIGINAL and language in TRANSLATED:
        text = getattr(record, f"{name}_{language}")
        if text:
            return Shown(text, language, fallback=False)
        return Shown(original, ORIGINAL, fallback=bool(original))
    return Shown(original, ORIGINAL, fallback=False)
