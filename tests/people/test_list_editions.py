"""Dated editions of the political-prisoner list: publishing copies who was held on the day, with who was
added and who released since the last edition; published editions are frozen and public, drafts are not."""

import csv
import datetime
import io

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from people.models import Case, CaseEvent, Facility, ListEdition, ListEntry, Recognition
from people.services import EditionError, list_edition_publish
from tests.factories import make_case, make_editor, make_organization, make_person

D = datetime.date


def arrested(name, on, *, released=None, precision="day", **kw):
    case = make_case(person=make_person(name=name), status=Case.Status.DETAINED, arrested_on=on, **kw)
    CaseEvent.objects.create(case=case, date=on, date_precision=precision, kind=CaseEvent.Kind.ARREST)
    if released:
        CaseEvent.objects.create(case=case, date=released, kind=CaseEvent.Kind.RELEASE)
    return case


def publish(as_of, title="", user=None):
    edition = ListEdition.objects.create(as_of=as_of, title=title or f"List as of {as_of}")
    return list_edition_publish(edition=edition, user=user or make_editor(f"editor-{as_of}"))


def names(edition, *changes):
    entries = edition.entries.filter(change__in=changes) if changes else edition.entries.all()
    return sorted(entries.values_list("person_name", flat=True))


class PublishTests(TestCase):
    def test_lists_who_was_held_on_the_day_as_the_timeline_says(self):
        arrested("Held", D(2020, 1, 10))
        arrested("Arrested that month", D(2020, 3, 1), precision="month")
        arrested("Released on the day", D(2019, 5, 1), released=D(2020, 3, 10))
        arrested("Released before", D(2019, 5, 1), released=D(2020, 3, 9))
        arrested("Arrested after", D(2020, 3, 11))
        rearrested = arrested("Re-arrested later", D(2019, 1, 1))
        CaseEvent.objects.create(case=rearrested, date=D(2021, 1, 1), kind=CaseEvent.Kind.ARREST)
        Case.objects.filter(pk=rearrested.pk).update(arrested_on=D(2021, 1, 1))
        hidden = make_case(person=make_person(name="Internal arrest"), arrested_on=None)
        CaseEvent.objects.create(case=hidden, date=D(2020, 1, 1), kind=CaseEvent.Kind.ARREST, internal=True)
        make_case(person=make_person(name="No timeline"), arrested_on=D(2020, 2, 2))
        edition = publish(D(2020, 3, 10))
        assert names(edition) == [
            "Arrested that month", "Held", "No timeline", "Re-arrested later", "Released on the day"
        ]  # fmt: skip
        assert set(edition.entries.values_list("change", flat=True)) == {ListEntry.Change.ADDED}
        assert edition.status == ListEdition.Status.PUBLISHED and edition.published_at is not None

    def test_added_and_released_since_the_last_published_edition(self):
        kept = arrested("Kept", D(2020, 1, 1))
        freed = arrested("Freed", D(2020, 1, 1), released=D(2020, 6, 1))
        ListEdition.objects.create(as_of=D(2020, 4, 1), title="A draft is not the last edition")
        first = publish(D(2020, 3, 1))
        arrested("New", D(2020, 5, 1))
        second = publish(D(2020, 7, 1))
        assert names(first) == ["Freed", "Kept"]
        assert names(second, "added") == ["New"]
        assert names(second, "listed") == ["Kept"]
        assert names(second, "released") == ["Freed"]
        assert second.entries.get(change="released").case == freed
        assert second.entries.get(change="listed").case == kept

    def test_a_published_edition_does_not_change(self):
        """Editing the case afterwards leaves the entries as they were; publishing again is refused."""
        facility = Facility.objects.create(name="Prison No. 14", slug="prison-no-14")
        case = arrested("Mehman Huseynov", D(2017, 1, 9), facility=facility)
        Recognition.objects.create(
            case=case, organization=make_organization(name="Amnesty"), kind="political_prisoner"
        )
        edition = publish(D(2018, 1, 1))
        before = list(edition.entries.values())
        case.person.name = "Renamed"
        case.person.save()
        case.status, case.facility = Case.Status.RELEASED, None
        case.save()
        case.recognitions.all().delete()
        CaseEvent.objects.create(case=case, date=D(2017, 6, 1), kind=CaseEvent.Kind.RELEASE)
        with self.assertRaises(EditionError):
            list_edition_publish(edition=edition, user=make_editor())
        assert list(edition.entries.values()) == before
        entry = edition.entries.get()
        assert (entry.person_name, entry.status, entry.facility_name) == (
            "Mehman Huseynov",
            "detained",
            "Prison No. 14",
        )
        assert entry.recognitions == [{"organization": "Amnesty", "kind": "Political prisoner"}]


@override_settings(PAGE_CACHE_SECONDS=0)
class EditionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        arrested("Kept <b>Prisoner</b>", D(2020, 1, 1))
        arrested("Freed", D(2020, 1, 1), released=D(2020, 6, 1))
        cls.first = publish(D(2020, 3, 1), "Political prisoners, March 2020")
        arrested("New", D(2020, 5, 1))
        cls.second = publish(D(2020, 7, 1), "Political prisoners, July 2020")
        cls.draft = ListEdition.objects.create(as_of=D(2020, 9, 1), title="Draft edition")

    def test_list_shows_published_editions_newest_first(self):
        page = self.client.get("/en/lists/").content.decode()
        assert page.index("July 2020") < page.index("March 2020")
        assert "Draft edition" not in page

    def test_only_published_editions_are_public(self):
        for suffix in ["/", ".csv", ".json"]:
            assert self.client.get(f"/en/lists/2020-09-01{suffix}").status_code == 404, suffix
            assert self.client.get(f"/en/lists/2020-07-01{suffix}").status_code == 200, suffix

    def test_edition_page_shows_the_list_and_what_changed(self):
        page = self.client.get("/en/lists/2020-07-01/").content.decode()
        added = page.split('id="added-heading"')[1].split("</section>")[0]
        released = page.split('id="released-heading"')[1].split("</section>")[0]
        assert "New" in added and "Freed" not in added
        assert "Freed" in released and "New" not in released
        assert "Kept &lt;b&gt;Prisoner&lt;/b&gt;" in page
        assert page.count("<h1") == 1

    def test_csv_and_json(self):
        rows = list(csv.DictReader(io.StringIO(self.client.get("/en/lists/2020-07-01.csv").content.decode())))
        assert sorted((r["person"], r["change"]) for r in rows) == [
            ("Freed", "released"), ("Kept <b>Prisoner</b>", "listed"), ("New", "added")
        ]  # fmt: skip
        data = self.client.get("/en/lists/2020-07-01.json").json()
        assert data["as_of"] == "2020-07-01" and data["count"] == 2
        new = next(e for e in data["entries"] if e["person"] == "New")
        assert new["arrested_on"] == "2020-05-01" and new["case_url"].endswith(
            f"/en/cases/{new['case_url'].split('/')[-2]}/"
        )

    def test_query_counts_are_pinned_and_do_not_grow(self):
        pages = {
            "/en/lists/": 2,
            "/en/lists/2020-07-01/": 2,
            "/en/lists/2020-07-01.csv": 2,
            "/en/lists/2020-07-01.json": 2,
        }

        def counts():
            result = {}
            for path in pages:
                with CaptureQueriesContext(connection) as queries:
                    assert self.client.get(path).status_code == 200
                result[path] = len(queries)
            return result

        before = counts()
        edition = ListEdition.objects.get(pk=self.second.pk)
        ListEntry.objects.bulk_create(
            ListEntry(edition=edition, change="added", person_name=f"Extra {i}", person_slug=f"extra-{i}",
                      case_slug=f"extra-{i}", status="detained")
            for i in range(20)
        )  # fmt: skip
        for i in range(5):
            publish(D(2021, 1, 1 + i))
        assert counts() == before == pages


class PublishActionTests(TestCase):
    def test_editors_publish_a_draft_from_the_admin(self):
        arrested("Held", D(2020, 1, 1))
        draft = ListEdition.objects.create(as_of=D(2020, 2, 1), title="February")
        self.client.force_login(make_editor())
        response = self.client.post(
            "/admin/people/listedition/", {"action": "publish", "_selected_action": [draft.pk]}, follow=True
        )
        assert response.status_code == 200
        draft.refresh_from_db()
        assert draft.is_published and names(draft) == ["Held"]
