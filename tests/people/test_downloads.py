"""/en/cases.json and /cases.csv carry charges with their articles, dates with their precision, the facility,
and /about/data/ documents every field."""

import csv
import io
import re

from django.test import TestCase, override_settings

from people.models import Case, CaseNote, Charge, ChargeStep, Court, Facility
from people.views import CASE_FIELDS
from tests.test_pages import import_published_seeds


@override_settings(PAGE_CACHE_SECONDS=0)
class CaseDownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        case = Case.objects.get(slug="ruslan-bashirli")
        facility = Facility.objects.create(
            name="Prison No. 6", slug="prison-no-6", postal_address="Baku AZ1000"
        )
        Case.objects.filter(pk=case.pk).update(facility=facility)
        charge = Charge.objects.create(case=case, article="278", description="attempt to seize power")
        court = Court.objects.create(name="Court of Grave Crimes", level=Court.Level.FIRST_INSTANCE)
        ChargeStep.objects.create(
            charge=charge, kind=ChargeStep.Kind.CONVICTED, date="2006-07-12", court=court
        )
        CaseNote.objects.create(case=case, text="Mother's phone 555-0100")

    def cases(self):
        return {c["url"].rsplit("/", 2)[1]: c for c in self.client.get("/en/cases.json").json()["cases"]}

    def test_json_dates_keep_their_precision(self):
        huseynov = self.cases()["mehman-huseynov"]
        assert huseynov["arrested_on"] == "2017-03" and huseynov["arrested_on_precision"] == "month"
        assert huseynov["expected_release_on"] == "2019-03" and huseynov["release_unconfirmed"] is True
        assert huseynov["days_in_detention_approximate"] is True
        assert huseynov["days_in_detention"] % 10 == 0
        assert huseynov["status_set_by"] == "timeline"
        assert huseynov["last_event_on"] == "2019-01-23" and huseynov["last_event_precision"] == "day"
        assert self.cases()["ruslan-bashirli"]["arrested_on"] == "2005"

    def test_json_charges_carry_articles_and_steps(self):
        charges = self.cases()["ruslan-bashirli"]["charges"]
        assert charges[1] == {
            "article": "278",
            "description": "attempt to seize power",
            "steps": [
                {
                    "kind": "convicted",
                    "date": "2006-07-12",
                    "date_precision": "day",
                    "court": "Court of Grave Crimes",
                    "court_level": "first_instance",
                }
            ],
        }

    def test_facility_and_no_internal_note(self):
        bashirli = self.cases()["ruslan-bashirli"]
        assert (bashirli["facility"], bashirli["facility_address"]) == ("Prison No. 6", "Baku AZ1000")
        assert "555-0100" not in self.client.get("/en/cases.json").content.decode()
        assert "555-0100" not in self.client.get("/en/cases.csv").content.decode()

    def test_csv_has_every_field(self):
        rows = list(csv.DictReader(io.StringIO(self.client.get("/en/cases.csv").content.decode())))
        bashirli = next(row for row in rows if row["person"] == "Ruslan Bashirli")
        assert list(bashirli) == CASE_FIELDS
        assert "Article 278, attempt to seize power (convicted)" in bashirli["charges"]
        assert bashirli["arrested_on_precision"] == "year"

    def test_about_data_documents_every_field(self):
        page = self.client.get("/en/about/data/").content.decode()
        documented = {name for dt in re.findall(r"<dt>(.*?)</dt>", page) for name in dt.split(", ")}
        assert set(CASE_FIELDS) <= documented, set(CASE_FIELDS) - documented
