"""Text helpers: shortcuts on the import's hot path give exactly what the long way gives; clean_text leaves
nothing XML refuses."""

import json
import unicodedata
from pathlib import Path

from django.utils.html import linebreaks, urlize
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.importing import reader
from articles.text import clean_text, comment_html

BLNS = json.loads((Path(__file__).parent.parent / "data" / "blns.json").read_text())
# Letters that make links, in every case, among others that do not.
LINKISH = st.text(
    alphabet=st.sampled_from(list("wW.@:/comCOMedugvintlrh ſK\nı<>&\"'()[],;!") + ["\u212a", "é"]),
    max_size=80,
)


def urlized(text):
    html = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    return linebreaks(html.replace('rel="nofollow"', 'rel="nofollow ugc"'), autoescape=False)


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.one_of(LINKISH, st.text(max_size=300)))
def test_comment_html_is_urlize_whatever_the_text(text):
    assert comment_html(text) == urlized(text)


def test_comment_html_is_urlize_on_every_naughty_string_and_a_few_links():
    links = [
        "see www.example.org.",
        "mail me@example.com",
        "me@example.az",
        "ftp://x.az",
        "(http://x.y/z)",
        "WWW.EXAMPLE.COM",
        "a.gov/b",
    ]
    for text in BLNS + links:
        assert comment_html(text) == urlized(text), text
    assert 'href="https://www.example.org"' in comment_html(links[0])


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_the_binary_check_shortcut_agrees_with_counting(text):
    sample = text[:8192]
    controls = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} and ch not in reader._WHITESPACE
    )
    expected = "\x00" in text or controls > len(sample) * reader.BINARY_CONTROL_SHARE
    assert reader._looks_binary(text) == expected


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_clean_text_leaves_no_control_character_but_newline_and_tab(text):
    cleaned = clean_text(text)
    assert "\r" not in cleaned
    assert all(unicodedata.category(ch) != "Cc" for ch in cleaned if ch not in "\n\t")
    assert clean_text(cleaned) == cleaned


def test_clean_text_keeps_line_breaks_as_lf():
    assert clean_text("One\r\n\r\nTwo\rThree\n\tFour\x0b\x1b\x85") == "One\n\nTwo\nThree\n\tFour"
