"""Under the Content Security Policy nothing on our pages or in the admin is blocked."""

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Case
from tests.browser.admin import log_in
from tests.factories import make_editor
from tests.test_pages import import_published_seeds, public_pages, publish_an_edition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]


def test_no_page_breaks_the_policy(live_server, page):
    import_published_seeds()
    make_editor()
    publish_an_edition()
    violations = []
    failures = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))

    for path in public_pages():
        page.goto(live_server.url + path)

    log_in(page, live_server.url + "/admin/")
    article = reverse("admin:articles_article_change", args=[Article.objects.first().pk])
    case = reverse("admin:people_case_change", args=[Case.objects.first().pk])
    for path in ["/admin/", "/admin/articles/article/", article, "/admin/articles/comment/",
                 "/admin/people/person/add/", case]:  # fmt: skip
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    # The admin's own scripts ran: the autocomplete widgets are wired up.
    page.goto(live_server.url + article)
    assert page.locator("select.admin-autocomplete + .select2").count() > 0
    assert violations == []
    assert failures == []
