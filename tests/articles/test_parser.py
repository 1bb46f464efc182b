"""The parser on small texts, one part or quirk at a time, and on the two seeds."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.importing import SeedFormatError
from articles.importing.parser import parse, parse_date
from articles.importing.reader import read_source

SEEDS = Path(settings.BASE_DIR) / "seeds"


def seed(name):
    return parse(read_source((SEEDS / name).read_bytes()).text)


class TestSeed000:
    """JAMNews: title, standfirst, caption with credit, a dated update, dateline, body, four comments."""

    article = seed("000_4189745ffa2a61c4.txt")

    def test_title_and_standfirst(self):
        assert self.article.title == "Thousands Protest in Baku to Demand Release of Jailed Blogger"
        assert self.article.subtitle == "This was the largest protest rally to take place in recent years"

    def test_photo_caption_and_credit(self):
        assert self.article.photo_caption.startswith("Demonstrators at the rally in Baku on January 19, 2019")
        assert self.article.photo_credit == "JAMNews"

    def test_update_note_with_its_us_date(self):
        [note] = self.article.notes
        assert (note.kind, note.date) == ("update", datetime.date(2019, 1, 23))
        assert note.text.startswith("JAMNews has reported")

    def test_dateline_opens_the_body(self):
        assert (self.article.dateline_place, self.article.dateline_source) == ("Baku", "JAMNews")
        assert self.article.source_name == "JAMNews"
        assert self.article.body[0].startswith("The National Council of Democratic Forces held")
        assert len(self.article.body) == 4

    def test_no_date_in_the_text_means_no_published_date(self):
        assert self.article.published is None

    def test_four_comments_in_order_with_their_signature_and_addressee(self):
        comments = self.article.comments
        assert len(comments) == 4
        assert comments[0].author == "Vart Adjemian"
        assert "Vart Adjemian" not in comments[0].body
        assert comments[0].body.endswith("Who are these people?")
        assert (comments[1].author, comments[1].addressed_to) == (None, "GB")
        assert comments[2].author is None and comments[2].body.startswith("Armenia is supposedly")
        assert comments[3].body.startswith("Translation:")

    def test_comment_boilerplate_is_dropped(self):
        assert self.article.dropped == ["Leave a Reply", "Your email address will not be published."]
        assert not any("Leave a Reply" in p for p in self.article.body)


class TestSeed002:
    """Foreign Policy Blogs: site name, title, caption, long quotations, author twice, bio, footer."""

    article = seed("002_d306e7c63f12955b.txt")

    def test_site_name_is_not_the_title(self):
        assert self.article.site_name == "Foreign Policy Blogs"
        assert self.article.title.startswith("Azerbaijan: Blackmail Video Made Public")

    def test_caption_credit_in_parentheses(self):
        assert self.article.photo_caption == "Khadija Ismayilova, left center, shaking hands"
        assert self.article.photo_credit == "RFE/RL Dragan Milojevic"

    def test_author_bio_and_footer(self):
        assert self.article.byline == ["Karl Rahder"]
        assert self.article.author_bio.startswith("Karl Rahder has written on the South Caucasus")
        assert self.article.footer == ["Great Decisions Discussion group"]
        assert self.article.body[-1].startswith("My Azeri source tells me")

    def test_quotations_stay_in_the_body_and_nothing_is_invented(self):
        assert any(p.startswith("“I have already served six years") for p in self.article.body)
        assert self.article.subtitle is None
        assert self.article.published is None
        assert self.article.notes == []
        assert self.article.comments == []


def test_navigation_menu_and_share_lines_before_the_title_are_dropped():
    text = (
        "Home\nNews\nPolitics\nAbout\n\nPrisoner Freed After Ten Years\n\nShare this:\nTweet\n\nBody here.\n"
    )
    article = parse(text)
    assert article.title == "Prisoner Freed After Ten Years"
    assert article.body == ["Body here."]
    assert {"Home", "News", "Share this:", "Tweet"} <= set(article.dropped)


def test_advertisements_inside_the_body_are_dropped():
    article = parse(
        "A Title Of Some Length Here\n\nFirst paragraph.\n\nAdvertisements\n\nSecond paragraph.\n"
    )
    assert article.body == ["First paragraph.", "Second paragraph."]


@pytest.mark.parametrize(
    ("line", "kind", "date"),
    [
        ("Update 01/23/19: He will be released.", "update", datetime.date(2019, 1, 23)),
        (
            "Correction (January 24, 2019): The rally was on Saturday.",
            "correction",
            datetime.date(2019, 1, 24),
        ),
        (
            "Clarification, 24.01.2019 — The count is the police's.",
            "clarification",
            datetime.date(2019, 1, 24),
        ),
        ("UPDATE: He was released.", "update", None),
        ("Correction 2019-02-01: A name was misspelt.", "correction", datetime.date(2019, 2, 1)),
    ],
)
def test_notes_and_their_dates(line, kind, date):
    article = parse(f"A Headline About A Trial\n\n{line}\n\nBAKU (Turan)—Body.\n")
    [note] = article.notes
    assert (note.kind, note.date) == (kind, date)
    assert article.body == ["Body."]


@pytest.mark.parametrize(
    ("opening", "place", "source"),
    [
        ("BAKU (JAMNews)—The rally", "Baku", "JAMNews"),
        ("BAKU — The rally", "Baku", None),
        ("TBILISI, Georgia (RFE/RL) -- The rally", "Tbilisi", "RFE/RL"),
        ("GANJA (Turan) – The rally", "Ganja", "Turan"),
    ],
)
def test_datelines(opening, place, source):
    article = parse(f"A Headline About A Rally\n\n{opening} was large.\n")
    assert (article.dateline_place, article.dateline_source) == (place, source)
    assert article.body == ["The rally was large."]


def test_byline_and_stated_date_at_the_top():
    article = parse(
        "Journalist Jailed For Six Years\n\nBy Jane Roe and John Doe\n\nPublished: 23.01.2019\n\nText.\n"
    )
    assert article.byline == ["Jane Roe", "John Doe"]
    assert article.published == datetime.date(2019, 1, 23)
    assert article.body == ["Text."]


def test_comments_under_a_heading_without_indentation():
    text = (
        "A Headline About Comments\n\nBody paragraph.\n\n2 Comments\n\n"
        "1. First reader's words.\nAnna Smith\n\n2. Second reader's words.\n\nLeave a Reply\n"
    )
    article = parse(text)
    assert [(c.author, c.body) for c in article.comments] == [
        ("Anna Smith", "First reader's words."),
        (None, "Second reader's words."),
    ]
    assert article.body == ["Body paragraph."]


def test_text_with_no_words_is_refused_as_no_article():
    with pytest.raises(SeedFormatError, match="no article text"):
        parse("\n\n— — —\n\n!!!\n")


def test_one_overlong_line_is_not_a_title():
    with pytest.raises(SeedFormatError, match="no recognisable title"):
        parse("word " * 200)


def test_text_with_no_title_before_it_is_refused():
    with pytest.raises(SeedFormatError, match="no recognisable title"):
        parse("The rally was large and the police stood by.\n")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("01/23/19", datetime.date(2019, 1, 23)),
        ("January 23, 2019", datetime.date(2019, 1, 23)),
        ("23 Jan 2019", datetime.date(2019, 1, 23)),
        ("2019-01-23", datetime.date(2019, 1, 23)),
        ("13/45/19", None),
        ("Smarch 3, 2019", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_parser_raises_nothing_but_its_own_error(text):
    """On any text at all, the parser returns an article or a SeedFormatError, never another exception."""
    try:
        article = parse(text)
    except SeedFormatError:
        return
    assert article.title.strip()


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Title Here Now",
                "",
                "  1. a comment",
                "    Name Surname",
                "BAKU (X)—text",
                "Update 1/2/19: x",
                "Leave a Reply",
                "(Photo: X)",
                "By A B",
                "Home",
                "Karl Rahder",
                "Karl Rahder has written",
                "x.",
            ]
        ),
        max_size=40,
    )
)
def test_parser_survives_shuffled_seed_parts(lines):
    """Seed-like parts in any order: an article made of the text's own words, or SeedFormatError."""
    text = "\n".join(lines)
    try:
        article = parse(text)
    except SeedFormatError:
        return
    words = set(re.findall(r"\w+", text))
    assert set(re.findall(r"\w+", article.title)) <= words
    assert all(set(re.findall(r"\w+", paragraph)) <= words for paragraph in article.body)


@given(st.binary(max_size=2000))
def test_reader_raises_nothing_but_its_own_error(data):
    try:
        source = read_source(data)
    except SeedFormatError:
        return
    assert source.text.strip()
