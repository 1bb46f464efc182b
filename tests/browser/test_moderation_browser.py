"""A moderator's round, in a real browser: a reader posts a comment giving a phone number, the moderator
finds it held with the reason, sees the number marked and the commenter's history, and approves it."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Comment
from tests.browser.admin import log_in
from tests.factories import make_article, make_moderator

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]


def test_a_comment_with_a_phone_number_waits_marked_for_the_moderator(live_server, page):
    make_moderator()
    article = make_article(title="Blogger freed", slug="blogger-freed", status=Article.Status.PUBLISHED)

    page.goto(f"{live_server.url}/en/articles/{article.slug}/comment/")
    page.get_by_label("Name").fill("Leyla")
    page.get_by_label("Comment").fill("Call his mother on +994 50 123 45 67, she needs help.")
    page.wait_for_timeout(3100)  # the form refuses posts made within seconds of loading it (bots)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("h1")).to_contain_text("awaits moderation")
    assert Comment.objects.get().held_reason == "personal details: a phone number"

    log_in(page, live_server.url + "/admin/", "moderator")
    page.goto(live_server.url + "/admin/articles/comment/?moderation=held")
    expect(page.get_by_text("personal details: a phone number")).to_be_visible()
    page.get_by_role("link", name="Call his mother").click()
    expect(page.locator("mark")).to_have_text("+994 50 123 45 67")
    expect(page.get_by_text("1 pending moderation, 0 approved")).to_be_visible()
    page.screenshot(path="/tmp/moderation-held-comment.png", full_page=True)

    page.goto(live_server.url + "/admin/articles/comment/")
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "approve")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("1 comment was approved.")).to_be_visible()
    page.goto(f"{live_server.url}/en/articles/{article.slug}/")
    expect(page.get_by_text("Call his mother on +994 50 123 45 67")).to_be_visible()
