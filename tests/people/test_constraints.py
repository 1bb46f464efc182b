"""People, organizations and cases keep their invariants in the database."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import TestCase

from people.models import Affiliation, Alias, Case, CaseEvent, Recognition
from tests.factories import make_case, make_organization, make_person

D = datetime.date


class CaseConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person(name="Mehman Huseynov")

    def assert_refused(self, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Case.objects.create(person=self.person, slug="refused", **fields)

    def test_release_not_before_arrest(self):
        self.assert_refused(arrested_on=D(2017, 1, 2), released_on=D(2016, 12, 31))

    def test_sentence_not_before_arrest(self):
        self.assert_refused(arrested_on=D(2017, 1, 2), sentenced_on=D(2016, 12, 31))

    def test_expected_release_not_before_arrest(self):
        self.assert_refused(arrested_on=D(2017, 1, 2), expected_release_on=D(2016, 12, 31))

    def test_release_on_the_day_of_arrest_is_allowed(self):
        make_case(person=self.person, arrested_on=D(2017, 1, 2), released_on=D(2017, 1, 2))

    def test_case_slugs_are_unique(self):
        make_case(person=self.person, slug="refused")
        self.assert_refused()

    def test_deleting_a_person_with_a_case_is_refused(self):
        make_case(person=self.person)
        with self.assertRaises(ProtectedError):
            self.person.delete()


class RecognitionConstraintTests(TestCase):
    def test_same_recognition_twice_is_refused(self):
        case = make_case()
        amnesty = make_organization(name="Amnesty International")
        kind = Recognition.Kind.PRISONER_OF_CONSCIENCE
        Recognition.objects.create(case=case, organization=amnesty, kind=kind)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Recognition.objects.create(case=case, organization=amnesty, kind=kind)

    def test_deleting_a_recognising_organization_is_refused(self):
        amnesty = make_organization()
        Recognition.objects.create(
            case=make_case(), organization=amnesty, kind=Recognition.Kind.POLITICAL_PRISONER
        )
        with self.assertRaises(ProtectedError):
            amnesty.delete()


class AliasConstraintTests(TestCase):
    def test_alias_needs_exactly_one_owner(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Alias.objects.create(name="Nobody's")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Alias.objects.create(name="Both", person=make_person(), organization=make_organization())

    def test_same_alias_twice_for_one_person_is_refused(self):
        person = make_person()
        Alias.objects.create(person=person, name="Guseynov")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Alias.objects.create(person=person, name="Guseynov")

    def test_two_people_may_share_a_spelling(self):
        Alias.objects.create(person=make_person(), name="Aliyev")
        Alias.objects.create(person=make_person(), name="Aliyev")

    def test_alias_is_folded_for_matching(self):
        alias = Alias.objects.create(person=make_person(), name="Xədicə İsmayılova")
        assert alias.folded == "xedice ismayilova"


class AffiliationConstraintTests(TestCase):
    def test_cannot_end_before_it_starts(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Affiliation.objects.create(
                person=make_person(),
                organization=make_organization(),
                started_on=D(2005, 1, 1),
                ended_on=D(2004, 1, 1),
            )


class CaseEventTests(TestCase):
    def test_a_month_date_is_kept_as_the_first_of_the_month(self):
        event = CaseEvent.objects.create(
            case=make_case(), date=D(2018, 12, 28), date_precision=CaseEvent.Precision.MONTH, kind="charge"
        )
        assert event.date == D(2018, 12, 1)

    def test_a_year_date_is_kept_as_the_first_of_the_year(self):
        event = CaseEvent.objects.create(
            case=make_case(), date=D(2005, 6, 8), date_precision=CaseEvent.Precision.YEAR, kind="arrest"
        )
        assert event.date == D(2005, 1, 1)


class DaysInDetentionTests(TestCase):
    def test_counted_to_today_while_held(self):
        case = Case(arrested_on=D(2016, 12, 30))
        assert case.days_in_detention(today=D(2017, 1, 9)) == 10

    def test_total_served_once_released(self):
        case = Case(arrested_on=D(2016, 12, 30), released_on=D(2017, 1, 4))
        assert case.days_in_detention(today=D(2020, 1, 1)) == 5

    def test_unknown_without_an_arrest_date(self):
        assert Case().days_in_detention() is None
