"""Charges as records: the article of the code and its words, a dated history in courts, with sources."""

import datetime

from django.test import TestCase, override_settings

from articles.models import Article
from people.models import Case, CaseParticipant, Charge, ChargeStep, Court
from people.services import person_merge
from tests.factories import make_article, make_case, make_editor, make_person
from tests.test_pages import import_published_seeds

D = datetime.date


@override_settings(PAGE_CACHE_SECONDS=0)
class ChargeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        cls.case = make_case(person=make_person(name="Bayram Mammadov"), slug="bayram-mammadov")
        cls.court = Court.objects.create(name="Baku Grave Crimes Court", level=Court.Level.FIRST_INSTANCE)
        appeal = Court.objects.create(name="Baku Court of Appeal", level=Court.Level.APPEAL)
        cls.charge = Charge.objects.create(case=cls.case, article="234.4.3", description="drug trafficking")
        cls.source = make_article(title="Two students charged", status=Article.Status.PUBLISHED)
        brought = ChargeStep.objects.create(
            charge=cls.charge, kind=ChargeStep.Kind.BROUGHT, date=D(2016, 5, 10), date_precision="month"
        )
        brought.source_articles.add(cls.source)
        ChargeStep.objects.create(
            charge=cls.charge, kind=ChargeStep.Kind.CONVICTED, date=D(2016, 12, 8), court=cls.court
        )
        ChargeStep.objects.create(
            charge=cls.charge, kind=ChargeStep.Kind.CONVICTED, date=D(2017, 3, 1), court=appeal
        )
        cls.judge = make_person(name="Judge Example", slug="judge-example")
        CaseParticipant.objects.create(
            case=cls.case, person=cls.judge, role=CaseParticipant.Role.JUDGE, court=cls.court
        )

    def page(self):
        return self.client.get("/en/cases/bayram-mammadov/").content.decode()

    def test_the_case_page_shows_each_charge_with_its_history(self):
        page = self.page()
        assert "<strong>Article 234.4.3, drug trafficking</strong>" in page
        assert 'Brought, <time datetime="2016-05">May 2016</time> Source: <a href="' in page
        assert ">Two students charged</a>" in page
        assert (
            'Convicted, <time datetime="2016-12-08">8 December 2016</time>, '
            "Baku Grave Crimes Court (first instance)" in page
        )
        assert "Baku Court of Appeal (appeal)" in page

    def test_judges_and_prosecutors_are_people_linked_to_the_case(self):
        assert (
            '<a href="/en/people/judge-example/">Judge Example</a>, judge, Baku Grave Crimes Court'
            in self.page()
        )

    def test_a_merge_moves_the_roles_in_court(self):
        duplicate = make_person(name="Judge Exampel")
        CaseParticipant.objects.create(case=self.case, person=duplicate, role=CaseParticipant.Role.JUDGE)
        person_merge(source=duplicate, target=self.judge, user=make_editor())
        assert list(self.case.participants.values_list("person__slug", flat=True)) == ["judge-example"]

    def test_cases_are_found_by_their_charges(self):
        assert list(Case.objects.matching("trafficking")) == [self.case]
        assert list(Case.objects.matching("234.4.3")) == [self.case]

    def test_the_gazetteer_records_huseynov_new_charge(self):
        charge = Charge.objects.get(case__slug="mehman-huseynov")
        assert charge.description.startswith("Beating a prison guard")
        [step] = charge.steps.all()
        assert (step.kind, step.date, step.date_precision) == ("brought", D(2018, 12, 1), "month")
        assert [a.source_file for a in step.source_articles.all()] == ["000_4189745ffa2a61c4.txt"]
        assert Charge.objects.get(case__slug="ruslan-bashirli").steps.get().kind == ChargeStep.Kind.CONVICTED
