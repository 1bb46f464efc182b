"""Pages shaped as real sites publish them, from tests/data/pages: the article found among the furniture."""

from pathlib import Path

import pytest

from articles.importing import SeedFormatError
from articles.importing.html import parse_html
from articles.importing.locator import locate
from articles.importing.parser import parse
from articles.importing.reader import read_source

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"


def page(name):
    return read_source((PAGES / name).read_bytes()).text


class TestTextPageWithFurniture:
    """A flattened page: a menu, a numbered 'Trending' list, share and related-story boxes, a footer."""

    article = parse(page("furniture-around-a-story.txt"))

    def test_the_headline_next_to_the_story_is_the_title_not_the_menu(self):
        assert self.article.title == "Court Extends Jailed Blogger's Term by Two Years"
        assert self.article.subtitle == "The new charge carries a sentence of up to seven years"

    def test_byline_date_and_wire_dateline(self):
        assert self.article.byline == ["Leyla Hasanova"]
        assert self.article.published.isoformat() == "2019-01-23"
        assert self.article.dateline_place == "Baku"

    def test_the_body_is_the_story_without_menus_lists_or_footer(self):
        body = "\n".join(self.article.body)
        assert self.article.body[0].startswith("A court in Baku has charged")
        for furniture in ["Trending", "Markets close lower", "Subscribe", "Facebook", "Related", "©"]:
            assert furniture not in body

    def test_a_trending_list_above_the_story_is_not_read_as_comments(self):
        assert self.article.comments == []


class TestHtmlPage:
    """An HTML page: trafilatura finds the story, then the text's part rules split it."""

    article = parse_html(page("blogger-term-extended.html"))

    def test_title_byline_date_and_site_from_the_markup(self):
        assert self.article.title == "Blogger's Term Extended by Two Years"
        assert self.article.byline == ["Leyla Hasanova"]
        assert self.article.published.isoformat() == "2019-01-23"
        assert self.article.site_name == "Caucasus Monitor"
        assert self.article.subtitle is None  # the headline opening the text is not said twice

    def test_the_part_rules_find_the_note_and_the_dateline(self):
        [note] = self.article.notes
        assert (note.kind, note.date.isoformat()) == ("update", "2019-01-24")
        assert (self.article.dateline_place, self.article.dateline_source) == ("Baku", "Caucasus Monitor")

    def test_the_body_without_navigation_share_bar_related_list_or_footer(self):
        assert len(self.article.body) == 4
        assert self.article.body[0].startswith("A court in Baku has charged")
        body = "\n".join(self.article.body)
        for furniture in ["Home", "Share on", "Related stories", "Rally planned", "All rights reserved"]:
            assert furniture not in body


def test_an_html_page_without_main_text_is_refused():
    with pytest.raises(SeedFormatError, match="no article text"):
        parse_html("<html><head><title>Menu</title></head><body><nav><a href=/>Home</a></nav></body></html>")


@pytest.mark.parametrize(
    "text",
    [
        "Home\nNews\nPolitics\nSport\nContact us\n",
        "  * Home\n  * News\n      o Politics\n      o Society\n  * Subscribe\n",
    ],
)
def test_a_menu_alone_is_no_article(text):
    with pytest.raises(SeedFormatError, match="no article text"):
        parse(text)


def test_the_main_text_ends_where_readers_comments_begin():
    text = (
        "A Headline Above The Story\n\n"
        + "The court heard the appeal on Monday and the lawyers for the defence said they would go on. " * 3
        + "\n\nLeave a Reply\n\n"
        + "I think the court was wrong about this and the lawyers should have said so from the start. " * 4
    )
    article = parse(text)
    assert len(article.body) == 1
    assert "I think the court" not in article.body[0]


def test_the_locator_is_linear_on_long_runs_of_one_character():
    """Every pattern the locator uses is linear: a huge line of one character class is read at once."""
    for character in [" ", "a", "1", "*", ".", "-", "\u0131", "—"]:
        main = locate(["A title", character * 200_000, "x"])
        assert len(main.lines) == 3


def test_import_seeds_reads_html_pages_in_a_folder_and_keeps_the_html(db, tmp_path):
    from articles.models import Article
    from tests.articles.test_import import import_seeds

    html = (PAGES / "blogger-term-extended.html").read_text()
    (tmp_path / "story.html").write_text(html)
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "other.HTM").write_text(html.replace("Two Years", "Three Years"))
    (tmp_path / "notes.md").write_text("# Not a page\n\nNever read.\n")
    status, out, err = import_seeds(tmp_path, "--no-gazetteer")
    assert status == 0, err
    assert sorted(Article.objects.values_list("source_file", flat=True)) == ["nested/other.HTM", "story.html"]
    article = Article.objects.get(source_file="story.html")
    assert article.raw_text == html
    assert article.title == "Blogger's Term Extended by Two Years"
    assert article.body.startswith("A court in Baku has charged")


def test_dry_run_json_gives_the_body_as_imported(db):
    import json

    from tests.articles.test_import import import_seeds

    status, out, err = import_seeds(PAGES / "furniture-around-a-story.txt", dry_run=True, json=True)
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["body"].startswith("A court in Baku has charged")
    assert "\n\nHuseynov has been serving" in row["body"]
