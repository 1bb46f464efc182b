"""Facts for editors only (a family contact, a lawyer's phone, an unconfirmed report) never reach a page, a
feed or a download, and an internal event does not change what readers see of the case."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse

from people.models import Case, CaseEvent, CaseNote
from people.services import case_refresh_from_timeline
from tests.factories import make_editor
from tests.test_pages import import_published_seeds, public_pages, publish_an_edition

SECRET = "Zx9-internal-marker"


@override_settings(PAGE_CACHE_SECONDS=0)
class InternalFactsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        cls.case = Case.objects.get(slug="mehman-huseynov")
        CaseNote.objects.create(
            case=cls.case,
            kind=CaseNote.Kind.FAMILY_CONTACT,
            text=f"Sister's phone +994 50 000 00 00 {SECRET}",
        )
        cls.event = CaseEvent.objects.create(
            case=cls.case,
            kind=CaseEvent.Kind.RELEASE,
            date=datetime.date(2019, 3, 9),
            description=f"Unconfirmed: released, says a relative {SECRET}",
            internal=True,
        )
        case_refresh_from_timeline(case=cls.case)
        publish_an_edition()  # after the internal release: the edition must not read it

    def test_no_public_page_feed_or_download_shows_them(self):
        paths = [
            *public_pages(),
            "/en/search/?q=phone",
            "/en/search/?q=relative",
            "/en/cases.json",
            "/en/cases.csv",
            "/en/cases/mehman-huseynov/feed.rss",
            "/en/cases/mehman-huseynov/feed.atom",
            "/en/people/mehman-huseynov/feed.rss",
            "/en/feeds/articles.rss",
            "/sitemap.xml",
        ]
        for path in paths:
            response = self.client.get(path)
            assert response.status_code == 200, path
            assert SECRET not in response.content.decode(), path
            assert "+994 50" not in response.content.decode(), path

    def test_an_internal_event_does_not_change_the_case(self):
        case = Case.objects.get(pk=self.case.pk)
        assert case.status == Case.Status.IMPRISONED and case.released_on is None
        page = self.client.get("/en/cases/mehman-huseynov/").content.decode()
        assert "On hunger strike since" in page and "<strong>Release</strong>" not in page
        assert "On hunger strike since" in self.client.get("/en/").content.decode()

    def test_editors_see_them_in_the_admin(self):
        self.client.force_login(make_editor())
        page = self.client.get(reverse("admin:people_case_change", args=[self.case.pk])).content.decode()
        assert page.count(SECRET) == 2
