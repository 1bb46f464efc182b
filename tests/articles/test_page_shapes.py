"""The shapes real pages print their parts in, one test page each (tests/data/pages/shapes/, written in the
seeds' style from public facts about the case of Afgan Mukhtarli)."""

import datetime
from pathlib import Path

import pytest

from articles.importing.parser import parse
from articles.importing.reader import read_source

SHAPES = Path(__file__).resolve().parent.parent / "data" / "pages" / "shapes"
TITLE = "Journalist Afgan Mukhtarli Sentenced to Six Years"
DAY = (datetime.date(2018, 1, 12), "day")


def shape(name):
    article = parse(read_source((SHAPES / name).read_bytes()).text)
    assert article.title == TITLE
    assert article.body[0].startswith("A court in Baku on Wednesday sentenced")
    assert article.body[-1].endswith("Press freedom groups have called for his release.")
    return article


@pytest.mark.parametrize(
    ("name", "byline", "date"),
    [
        ("byline-two-authors.txt", ["Leyla Hasanova", "Farid Mammadov"], None),
        ("byline-posted-on-date-by.txt", ["Leyla Hasanova"], DAY),
        ("byline-author-label.txt", ["Leyla Hasanova"], None),
        ("byline-muellif.txt", ["Leyla Həsənova"], None),
        ("byline-date-dot-author-reading-time.txt", ["Leyla Hasanova"], DAY),
        ("byline-posted-pipe-by.txt", ["Leyla Hasanova"], DAY),
        ("byline-bare-name-under-date.txt", ["Leyla Hasanova"], DAY),
        ("byline-reporting-by-editing-by.txt", ["Nailia Bagirova"], None),  # the reporter, not the editor
        ("date-azerbaijani.txt", [], DAY),
        ("date-russian.txt", [], DAY),
        ("date-iso.txt", [], DAY),
    ],
)
def test_bylines_and_dates(name, byline, date):
    article = shape(name)
    assert article.byline == byline
    assert (article.source_date, article.source_date_precision) == (date or (None, ""))
    assert len(article.body) == 2  # no byline, date or credit line left in the body


@pytest.mark.parametrize(
    ("name", "place", "source"),
    [
        ("dateline-place-country.txt", "Sheki", None),  # SHEKI, Azerbaijan —
        ("dateline-wire-with-date.txt", "Baku", "Reuters"),  # BAKU, Jan 12 (Reuters) –
    ],
)
def test_datelines(name, place, source):
    article = shape(name)
    assert (article.dateline_place, article.dateline_source) == (place, source)


def test_a_site_name_line_with_its_tagline():
    article = shape("site-name-with-tagline.txt")
    assert article.site_name == "Caucasus Monitor"


def test_breadcrumbs_cookie_notice_share_subscribe_related_and_copyright_are_dropped():
    article = shape("furniture-breadcrumbs-cookies.txt")
    assert len(article.body) == 2
    assert article.subtitle is None and article.comments == []


def test_wordpress_comments_with_time_stamps_replies_and_anonymous():
    article = shape("comments-wordpress.txt")
    assert len(article.body) == 2
    assert [(c.author, c.in_reply_to, c.body) for c in article.comments] == [
        ("Farid Aliyev", None, "A shameful verdict. He was taken from Tbilisi in broad daylight."),
        (None, None, "Who will stand up for him now?"),  # Anonymous: no author
        ("Nigar Karimova", "Anonymous", "Press freedom groups already have, and they will go on."),
    ]


def test_comments_under_name_and_date_headers_with_a_salutation():
    article = shape("comments-name-pipe-date.txt")
    [first, second] = article.comments
    assert (first.author, first.addressed_to) == ("Farid Aliyev", "Farid")  # "Farid," is whom it answers
    assert first.body.endswith("the court did not even hear his lawyers.")
    assert (second.author, second.body) == ("Nigar Karimova", "The embassy should have protected him.")
