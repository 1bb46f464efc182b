"""People, organization and case pages, and the case data downloads."""

import csv
import io

from django.test import TestCase

from people.models import Case
from tests.test_pages import import_published_seeds


class CasePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()

    def test_case_page_timeline_cites_its_articles(self):
        page = self.client.get("/en/cases/mehman-huseynov/").content.decode()
        assert "Imprisoned" in page and "Amnesty International</a>: prisoner of conscience" in page
        assert '<time datetime="2018-12">December 2018</time>' in page  # known only to the month
        assert page.count(">Thousands Protest in Baku to Demand Release of Jailed Blogger</a>") >= 4

    def test_days_in_detention_to_today_or_served(self):
        case = Case.objects.get(slug="ruslan-bashirli")
        case.arrested_on = "2005-01-01"
        case.save()
        assert (
            " day"
            in self.client.get("/en/cases/ruslan-bashirli/").content.decode().split("in detention")[0][-30:]
        )

    def test_case_filters_and_the_downloads_agree(self):
        query = {"recognised_by": "amnesty-international"}
        listing = self.client.get("/en/cases/", query).content.decode()
        assert "Mehman Huseynov" in listing and "Ruslan Bashirli" not in listing
        data = self.client.get("/en/cases.json", query).json()
        assert data["count"] == 1
        [case] = data["cases"]
        assert case["url"] == "http://testserver/en/cases/mehman-huseynov/"
        assert case["person_url"] == "http://testserver/en/people/mehman-huseynov/"
        assert case["recognitions"] == ["Amnesty International: Prisoner of conscience"]
        rows = list(csv.DictReader(io.StringIO(self.client.get("/en/cases.csv", query).content.decode())))
        assert [row["person"] for row in rows] == ["Mehman Huseynov"]
        assert rows[0]["url"] == "http://testserver/en/cases/mehman-huseynov/"

    def test_all_cases_download(self):
        data = self.client.get("/en/cases.json").json()
        assert data["count"] == 3
        response = self.client.get("/en/cases.csv")
        assert response["Content-Disposition"] == 'attachment; filename="cases.csv"'

    def test_a_bad_filter_value_gives_an_empty_download_not_an_error(self):
        assert self.client.get("/en/cases.json", {"arrest_year": "not a year"}).json()["count"] == 0

    def test_person_page_has_aliases_cases_and_articles(self):
        page = self.client.get("/en/people/mehman-huseynov/").content.decode()
        assert "Guseynov" in page and "Mehman Hüseynov" in page
        assert 'href="/en/cases/mehman-huseynov/"' in page
        assert "Thousands Protest in Baku" in page

    def test_author_page_lists_articles_by_them_with_bio(self):
        page = self.client.get("/en/people/karl-rahder/").content.decode()
        assert "Karl Rahder has written on the South Caucasus" in page
        assert "Articles by Karl Rahder" in page and "Blackmail Video" in page

    def test_people_filters(self):
        page = self.client.get("/en/people/", {"role": "blogger"}).content.decode()
        assert "Mehman Huseynov" in page and "Karl Rahder" not in page
        page = self.client.get("/en/people/", {"has_case": "true"}).content.decode()
        assert "Ruslan Bashirli" in page and "Ilham Aliyev" not in page
        page = self.client.get("/en/people/", {"organization": "yeni-fikir"}).content.decode()
        assert "Ruslan Bashirli" in page and "Mehman Huseynov" not in page

    def test_organization_page(self):
        page = self.client.get("/en/organizations/amnesty-international/").content.decode()
        assert "Mehman Huseynov</a>: prisoner of conscience" in page
