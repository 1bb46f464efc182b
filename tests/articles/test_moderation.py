"""The doxxing guard and the word lists: what holds a reader's comment for a moderator, and what must not."""

import pytest

from articles.moderation import find_personal_details, find_words, held_reason, highlight, moderation_key

# Personal details as readers write them, in Azerbaijani, Russian and English; each with what must be found.
EXPOSING = [
    # Phone numbers: Azerbaijan
    ("Anası ilə danışın: +994 50 123 45 67", "phone", "+994 50 123 45 67"),
    ("Onun nömrəsi 055-123-45-67, zəng edin", "phone", "055-123-45-67"),
    ("Call his wife on +994501234567 tonight", "phone", "+994501234567"),
    ("Qardaşı: (050) 321 54 76", "phone", "(050) 321 54 76"),
    ("Ev telefonu 012 493 12 34", "phone", "012 493 12 34"),
    ("Whatsapp: 070 555 66 77", "phone", "070 555 66 77"),
    ("Номер его жены 8 050 123 45 67", "phone", "8 050 123 45 67"),
    ("+994 (12) 510 22 33 - bu onun ofisidir", "phone", "+994 (12) 510 22 33"),
    # Phone numbers: Russia
    ("Звоните его матери: +7 (912) 345-67-89", "phone", "+7 (912) 345-67-89"),
    ("Телефон 8 912 345 67 89", "phone", "8 912 345 67 89"),
    ("его номер +79123456789", "phone", "+79123456789"),
    ("рабочий 8 (495) 123-45-67", "phone", "8 (495) 123-45-67"),
    # Phone numbers: English-speaking countries
    ("Her number is (202) 555-0147", "phone", "(202) 555-0147"),
    ("call 202-555-0147 and ask for him", "phone", "202-555-0147"),
    ("He's on +1 202 555 0147", "phone", "+1 202 555 0147"),
    ("ring his brother on 07700 900123", "phone", "07700 900123"),
    ("London office +44 20 7946 0958", "phone", "+44 20 7946 0958"),
    ("mobile: +44 7700 900123", "phone", "+44 7700 900123"),
    # Email addresses
    ("write to farid.aliyev@gmail.com", "email", "farid.aliyev@gmail.com"),
    ("onun poçtu: nigar_k@mail.ru", "email", "nigar_k@mail.ru"),
    ("почта: leyla.h@yandex.az", "email", "leyla.h@yandex.az"),
    ("email him at anar [at] example [dot] com", "email", "anar [at] example [dot] com"),
    # Street addresses: Azerbaijan
    ("Onun ailəsi Nizami küç., ev 5-də yaşayır", "address", "Nizami küç., ev 5"),
    ("Azadlıq prospekti 12, mənzil 7", "address", "Azadlıq prospekti 12"),
    ("Bakı, Səməd Vurğun küçəsi 34", "address", "Vurğun küçəsi 34"),
    ("atası ev 14-də olur", "address", "ev 14"),
    # Street addresses: Russia
    ("живёт на ул. Ленина, д. 5", "address", "ул. Ленина, д. 5"),
    ("адрес: проспект Мира 12", "address", "проспект Мира"),
    ("д. 5, кв. 12 - там его мать", "address", "кв. 12"),
    ("переулок Садовый, дом 3", "address", "переулок Садовый, дом 3"),
    # Street addresses: English
    ("His parents live at 221B Baker Street", "address", "221B Baker Street"),
    ("the family moved to 1600 Pennsylvania Avenue", "address", "1600 Pennsylvania Avenue"),
    ("She is at 12 Church Road now", "address", "12 Church Road"),
    ("flat 3, above the bakery", "address", "flat 3"),
    ("Apt 4B, the blue door", "address", "Apt 4B"),
    # Identity and passport numbers
    ("Şəxsiyyət vəsiqəsi AA1234567", "identity", "AA1234567"),
    ("his old card AZE 12345678", "identity", "AZE 12345678"),
    ("passport C01234567, issued in Baku", "identity", "passport C01234567"),
    ("паспорт 45 06 123456", "identity", "паспорт 45 06 123456"),
    ("FIN kod 5ZX8K2P", "identity", "FIN kod 5ZX8K2P"),
    ("NI number QQ 12 34 56 C", "identity", "QQ 12 34 56 C"),
    # Car plates
    ("his car is 10-AA-123, a white Prius", "plate", "10-AA-123"),
    ("maşını 90 XY 777", "plate", "90 XY 777"),
    ("машина А123ВС 77 стоит у дома", "plate", "А123ВС 77"),
    ("a grey van, AB12 CDE", "plate", "AB12 CDE"),
]

# Sentences readers write about these cases, with numbers that expose no one.
INNOCENT = [
    "He was sentenced to 7 years in prison.",
    "Mehman Huseynov served two years and was released in March 2019.",
    "Article 221.3 of the Criminal Code covers hooliganism.",
    "Maddə 221.3 - xuliqanlıq, 7 ilədək həbs.",
    "Статья 221.3 УК, до 7 лет лишения свободы.",
    "The court sat on 23.01.2019 and again on 30.01.2019.",
    "On 2019-01-23 the appeal was heard.",
    "The rally on 19 January 2019 drew 20,000 people.",
    "Officials counted 2,800; the opposition said 20,000.",
    "Between 2017 and 2019 he was held in three prisons.",
    "In 2005, 2006 and 2019 the same charges came back.",
    "Years 2017 2018 2019 2020: the same story.",
    "The trials of 2017 2018 2019 ran together.",
    "He was arrested in 2017, convicted in 2018.",
    "Bashirli served six years and seven months.",
    "Over 150 political prisoners are held in Azerbaijan.",
    "Amnesty named him a prisoner of conscience in 2017.",
    "The hunger strike lasted 17 days.",
    "Page 12, paragraph 3 of the verdict says so.",
    "The sentence is 2 years, the new charge up to 7.",
    "Qanunun 147.1 və 147.2-ci maddələri.",
    "Он получил 6 лет и 9 месяцев.",
    "Ему 33 года, он блогер.",
    "O, 2017-ci ildə həbs edilib.",
    "The PACE resolution of 2012 set the criteria.",
    "Six of the 10 defendants were released.",
    "The 1990s were different.",
    "At 10:30 the hearing began; at 14:00 it was adjourned.",
    "Room 101 of the court was full.",
    "He wrote 3,000 words about it.",
    "Only 1 in 5 appeals succeed.",
    "Yeni Fikir had about 50 members in 2005.",
    "Flight AZ 123 landed late.",
    "The ECHR judgment, application no. 12345/17, found a violation.",
    "The score was 3-1 and the crowd chanted his name.",
    "He is 1.8 m tall and weighs 70 kg after the hunger strike.",
    "Vote 4 him in 2020!",
    "Read chapter 7, pages 120-135.",
    "The bus number 65 goes past the court.",
    "The ISBN of his book is on the cover.",
    "Bu 7 il davam etdi.",
    "Это длилось 7 лет.",
    "Call the embassy and ask them to act.",
]


@pytest.mark.parametrize(("text", "kind", "words"), EXPOSING, ids=[t for t, _, _ in EXPOSING])
def test_personal_details_are_found(text, kind, words):
    found = [(f.kind, f.text) for f in find_personal_details(text)]
    assert any(k == kind and words in t for k, t in found), found


@pytest.mark.parametrize("text", INNOCENT)
def test_numbers_that_expose_no_one_are_not_held(text):
    assert find_personal_details(text) == []


def test_enough_examples_in_three_languages():
    assert len(EXPOSING) >= 40 and len(INNOCENT) >= 40


def test_the_reason_names_each_kind_once_and_the_highlight_escapes():
    text = "<b>Call</b> +994 50 123 45 67 or 055-123-45-67, Nizami küç., ev 5"
    findings = find_personal_details(text)
    assert held_reason(findings) == "personal details: a phone number, a street address"
    marked = str(highlight(text, findings))
    assert marked.startswith("&lt;b&gt;Call&lt;/b&gt; <mark")
    assert marked.count("<mark") == 3


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("Хуйло", "huilo"),  # Cyrillic, listed in Latin
        ("Xuylo", "Хуйло"),  # Azerbaijani Latin x, listed in Cyrillic
        ("Khuilo", "huylo"),  # another transliteration
        ("erməni", "ermeni"),  # diacritics
        ("QƏLBSİZ", "gelbsiz"),  # q and g, capitals
    ],
)
def test_listed_words_match_across_scripts_diacritics_and_transliterations(written, listed):
    words = {moderation_key(listed): "banned"}
    assert find_words(f"Well, {written}!", words) == [(moderation_key(listed), "banned")]


def test_listed_words_match_whole_words_only():
    words = {moderation_key("ass"): "suspect"}
    assert find_words("The National Assembly met.", words) == []
    assert find_words("What an ass.", words) == [("ass", "suspect")]
