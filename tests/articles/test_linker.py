"""Finding people and organizations by every name they go by; never a first name alone."""

import re
import sys

import pytest

from articles.importing.linker import _MAYBE_OPENING, FUZZY_THRESHOLD, NameIndex, _opens_name

MEHMAN, ILHAM, HEYDAR, KHADIJA = 1, 2, 3, 4
REAL, AMNESTY, MUSAVAT, YENI_MUSAVAT = 10, 11, 12, 13

INDEX = NameIndex(
    people=[
        (MEHMAN, ["Mehman Huseynov", "Mehman Hüseynov", "Guseynov"]),
        (ILHAM, ["Ilham Aliyev", "İlham Əliyev"]),
        (KHADIJA, ["Khadija Ismayilova", "Xədicə İsmayılova"]),
    ],
    organizations=[
        (REAL, ["Republican Alternative", "REAL"]),
        (AMNESTY, ["Amnesty International", "Amnesty"]),
        (MUSAVAT, ["Musavat"]),
        (YENI_MUSAVAT, ["Yeni Musavat"]),
    ],
)


def people(text, index=INDEX):
    return index.find(text).people


@pytest.mark.parametrize(
    "text",
    [
        "Mehman Huseynov went on hunger strike.",
        "Blogger Mehman Hüseynov went on hunger strike.",  # diacritics
        "MEHMAN HUSEYNOV, in capitals.",
        "The blogger Guseynov, as Russian media write it.",  # transliteration alias
        "Huseynov's term was due to expire.",  # surname alone
        "Huysenov has been on a hunger strike.",  # a misspelling, found by the fuzzy matcher
        "“Huseynov” was the word on the placards.",  # in quotation marks
        "BAKU (JAMNews)—Mehman Huseynov was sentenced.",  # straight after a dateline's dash
    ],
)
def test_mehman_huseynov_is_found(text):
    assert people(text) == {MEHMAN}


def test_native_spelling_finds_the_person():
    assert people("Xədicə İsmayılova dərc etdi.") == {KHADIJA}


def test_a_first_name_alone_is_never_a_link():
    assert people("Mehman said. Khadija wrote. Ilham spoke.") == set()


@pytest.mark.parametrize("surname", ["Hasanov", "Huseynova", "Husband"])
def test_names_below_the_fuzzy_threshold_or_relatives_are_not_linked(surname):
    """A different surname, or the feminine form (a relative), is not a misspelling of Huseynov."""
    assert people(f"{surname} spoke to reporters.") == set()
    assert 80 <= FUZZY_THRESHOLD <= 95


def test_an_ambiguous_surname_follows_the_full_name_in_the_text():
    index = NameIndex(people=[(ILHAM, ["Ilham Aliyev"]), (HEYDAR, ["Heydar Aliyev"])])
    assert people("President Aliyev spoke.", index) == set()
    assert people("Heydar Aliyev ruled first. Later Aliyev died.", index) == {HEYDAR}


def test_abbreviations_match_only_in_capitals():
    assert INDEX.find("REAL activists marched.").organizations == {REAL}
    assert INDEX.find("Real activists marched, for real.").organizations == set()


def test_a_common_word_in_lower_case_is_not_a_name():
    assert INDEX.find("He hoped for an amnesty.").organizations == set()
    assert INDEX.find("Amnesty says he is a prisoner of conscience.").organizations == {AMNESTY}


def test_the_longest_name_wins():
    assert INDEX.find("The editor of Yeni Musavat said so.").organizations == {YENI_MUSAVAT}


def test_a_name_goes_on_in_lower_case_words():
    index = NameIndex(organizations=[(1, ["Committee to Protect Journalists"]), (2, ["Committee"])])
    assert index.find("The Committee to Protect Journalists wrote.").organizations == {1}
    assert index.find("The Committee to protect them wrote.").organizations == {2}
    assert index.find("The Committee to").organizations == {2}  # the text ends before the name does


def test_words_opening_with_a_capital_or_digit_of_any_script_can_start_a_name():
    """The linker looks for names only at words that open with a capital or a digit; its pattern must
    find every one of those, in every script, and _opens_name tell them from the rest it finds."""
    word = re.compile(r"\w")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if not word.match(char):
            continue
        opens = char.isupper() or char.isdigit()
        found = [m.group() for m in _MAYBE_OPENING.finditer(f"x {char}y")]
        assert (
            (found == [f"{char}y"] and _opens_name(found[0])) if opens else not any(map(_opens_name, found))
        )
        assert _MAYBE_OPENING.findall(f"x{char}y") == [], hex(point)  # never inside a word


def test_a_lower_case_word_of_any_script_breaks_a_run_of_names():
    assert INDEX.find("They said Mammad ədalət Ibrahimli spoke.").suggestions == {}
    assert INDEX.find("They said Mammad Ədalət spoke.").suggestions == {
        "Mammad Ədalət": "They said Mammad Ədalət spoke."
    }


def test_unknown_names_become_suggestions_with_their_sentence():
    mentions = INDEX.find("It was dictated by my uncle Mammad Ibrahimli. Nobody believed it.")
    assert mentions.suggestions == {"Mammad Ibrahimli": "It was dictated by my uncle Mammad Ibrahimli."}


def test_places_months_and_headlines_are_not_suggested():
    mentions = INDEX.find(
        "In Nagorno Karabakh, on Saturday January 19, thousands gathered.",
        headline="Thousands Protest in Baku to Demand Release of Jailed Blogger",
    )
    assert mentions.suggestions == {}
