"""What only a browser shows: the comment flow through moderation, scripts that never run, forms."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import forms
from articles.models import Article, Comment
from tests.browser.admin import log_in
from tests.factories import make_moderator
from tests.test_pages import import_published_seeds

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]

JAMNEWS = "/en/articles/thousands-protest-in-baku-to-demand-release-of-jailed-blogger/"


@pytest.fixture
def seeds(monkeypatch):
    import_published_seeds()
    # People need a few seconds to write; the browser needs one.
    monkeypatch.setattr(forms, "MIN_SECONDS", 1)


def test_a_comment_waits_for_a_moderator_then_appears(live_server, page, seeds):
    page.goto(live_server.url + JAMNEWS)
    page.get_by_role("link", name="Leave a comment").click()
    page.get_by_label("Name:").fill("Leyla Aliyeva")
    page.get_by_label("Comment:").fill("Free Mehman Huseynov.\nHe has served his term.")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your comment awaits moderation")
    page.goto(live_server.url + JAMNEWS)
    expect(page.get_by_text("Free Mehman Huseynov.")).to_have_count(0)

    make_moderator()
    log_in(page, live_server.url + "/admin/articles/comment/", "moderator")
    row = page.get_by_role("row").filter(has_text="Free Mehman Huseynov.")
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Approve")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("1 comment was approved.")).to_be_visible()

    page.goto(live_server.url + JAMNEWS)
    comment = page.locator("article.comment").filter(has_text="Free Mehman Huseynov.")
    expect(comment.get_by_role("heading", name="Leyla Aliyeva")).to_be_visible()
    # The four comments copied from JAMNews's page are shown apart and not counted as our readers'.
    expect(page.get_by_role("heading", name="1 comment", exact=True)).to_be_visible()


def test_markup_in_a_comment_shows_as_text_and_runs_nothing(live_server, page, seeds):
    article = Article.objects.get(source_file="000_4189745ffa2a61c4.txt")
    payloads = [
        "<script>window.hacked = 1; alert('script')</script>",
        "<img src=x onerror=\"window.hacked = 2; alert('img')\">",
        '<a href="javascript:alert(1)">click me</a>',
        '"><svg onload=alert(3)>',
    ]
    Comment.objects.create(
        article=article, author_name="<b>Mallory</b>", body="\n".join(payloads),
        status=Comment.Status.APPROVED, submitted_at=timezone.now(),
    )  # fmt: skip
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + JAMNEWS)
    comment = page.locator("article.comment").filter(has_text="Mallory")
    expect(comment).to_contain_text(payloads[0])
    expect(comment).to_contain_text(payloads[1])
    expect(comment.get_by_role("heading", name="<b>Mallory</b>")).to_be_visible()
    assert comment.locator("script, img, svg, b").count() == 0
    assert page.evaluate("window.hacked") is None
    assert dialogs == []


def test_the_filter_form_narrows_the_list(live_server, page, seeds):
    page.goto(live_server.url + "/en/articles/")
    expect(page.locator("article.teaser")).to_have_count(2)
    page.get_by_label("Person").select_option(label="Ruslan Bashirli")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(live_server.url + "/en/articles/?q=&person=ruslan-bashirli&organization=&case="
                             "&publication=&published_from=&published_to=")  # fmt: skip
    expect(page.locator("article.teaser")).to_have_count(1)
    expect(page.locator("article.teaser")).to_contain_text("Blackmail Video")


def test_search_finds_huseynov_by_guseynov(live_server, page, seeds):
    page.goto(live_server.url + "/en/")
    page.get_by_role("searchbox", name="Search").fill("Guseynov")
    page.get_by_role("button", name="Search").click()
    people = page.get_by_role("region", name="People")
    expect(people.get_by_role("link", name="Mehman Huseynov", exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name="Thousands Protest in Baku to Demand Release of Jailed Blogger")
    ).to_be_visible()
