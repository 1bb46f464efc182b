"""Merging a duplicate person or organization into another moves everything and keeps the old address."""

from django.contrib.admin.models import LogEntry
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Article
from people.models import (
    Affiliation,
    Alias,
    Case,
    NameSuggestion,
    Organization,
    Person,
    Recognition,
    Role,
    SlugRedirect,
)
from people.services import MergeError, organization_merge, person_merge
from tests.factories import make_article, make_case, make_editor, make_organization, make_person


class PersonMergeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        cls.target = make_person(name="Mehman Huseynov", slug="mehman-huseynov")
        cls.source = make_person(name="Mehman Guseynov", slug="mehman-guseynov", bio="Blogger.")
        Alias.objects.create(person=cls.target, name="Hüseynov")
        Alias.objects.create(person=cls.source, name="Huysenov", kind=Alias.Kind.MISSPELLING)
        Alias.objects.create(person=cls.source, name="Hüseynov")  # both have it
        cls.source.roles.add(Role.objects.get_or_create(slug="blogger", defaults={"name": "Blogger"})[0])
        cls.organization = make_organization(name="Sancaq")
        Affiliation.objects.create(person=cls.source, organization=cls.organization, role="founder")
        cls.case = make_case(person=cls.source)
        cls.both = make_article(status=Article.Status.PUBLISHED)
        cls.both.people.add(cls.source, cls.target)
        cls.written = make_article(status=Article.Status.PUBLISHED)
        cls.written.byline.add(cls.source)
        cls.suggestion = NameSuggestion.objects.create(
            name="M. Guseynov", article=cls.both, person=cls.source
        )

    def test_everything_moves_to_the_person_kept(self):
        person_merge(source=self.source, target=self.target, user=self.editor)
        assert not Person.objects.filter(pk=self.source.pk).exists()
        names = set(self.target.aliases.values_list("name", flat=True))
        assert names == {"Hüseynov", "Huysenov", "Mehman Guseynov"}
        assert self.target.affiliations.get().organization == self.organization
        assert Case.objects.get(pk=self.case.pk).person == self.target
        assert list(self.both.people.all()) == [self.target]
        assert list(self.written.byline.all()) == [self.target]
        assert NameSuggestion.objects.get(pk=self.suggestion.pk).person == self.target
        target = Person.objects.get(pk=self.target.pk)
        assert [r.slug for r in target.roles.all()] == ["blogger"] and target.bio == "Blogger."

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_the_old_address_redirects_permanently(self):
        person_merge(source=self.source, target=self.target, user=self.editor)
        response = self.client.get("/en/people/mehman-guseynov/")
        assert response.status_code == 301 and response["Location"] == "/en/people/mehman-huseynov/"
        assert self.client.get("/en/people/nobody-at-all/").status_code == 404

    def test_a_merge_of_a_merge_keeps_every_old_address(self):
        third = make_person(name="Mehman Hüseynov", slug="mehman-huseynov-2")
        person_merge(source=self.source, target=third, user=self.editor)
        person_merge(source=third, target=self.target, user=self.editor)
        old = set(SlugRedirect.objects.filter(person=self.target).values_list("old_slug", flat=True))
        assert old == {"mehman-guseynov", "mehman-huseynov-2"}

    def test_a_person_cannot_be_merged_into_itself(self):
        with self.assertRaises(MergeError):
            person_merge(source=self.target, target=self.target, user=self.editor)

    def test_editors_merge_in_the_admin(self):
        self.client.force_login(self.editor)
        url = reverse("admin:people_person_changelist")
        ids = [self.source.pk, self.target.pk]
        asked = self.client.post(url, {"action": "merge", "_selected_action": ids})
        assert asked.status_code == 200 and 'name="keep"' in asked.content.decode()
        done = self.client.post(
            url, {"action": "merge", "_selected_action": ids, "keep": self.target.pk, "post": "yes"}
        )
        assert done.status_code == 302
        assert not Person.objects.filter(pk=self.source.pk).exists()
        assert LogEntry.objects.get(object_id=str(self.target.pk)).get_change_message().startswith("Merged")


class OrganizationMergeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        cls.target = make_organization(name="Amnesty International", slug="amnesty-international")
        cls.source = make_organization(name="Amnesty Intl", slug="amnesty-intl", abbreviation="AI")
        cls.case = make_case()
        kind = Recognition.Kind.PRISONER_OF_CONSCIENCE
        Recognition.objects.create(case=cls.case, organization=cls.target, kind=kind)
        Recognition.objects.create(case=cls.case, organization=cls.source, kind=kind)
        cls.other_case = make_case()
        Recognition.objects.create(case=cls.other_case, organization=cls.source, kind=kind)
        Affiliation.objects.create(person=make_person(), organization=cls.source)
        cls.article = make_article(status=Article.Status.PUBLISHED)
        cls.article.organizations.add(cls.source)

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_everything_moves_and_the_old_address_redirects(self):
        organization_merge(source=self.source, target=self.target, user=self.editor)
        assert not Organization.objects.filter(pk=self.source.pk).exists()
        assert self.target.recognitions.count() == 2  # the duplicate recognition is not doubled
        assert self.target.affiliations.count() == 1
        assert list(self.article.organizations.all()) == [self.target]
        assert list(self.target.aliases.values_list("name", flat=True)) == ["Amnesty Intl"]
        assert Organization.objects.get(pk=self.target.pk).abbreviation == "AI"
        response = self.client.get("/en/organizations/amnesty-intl/")
        assert (
            response.status_code == 301 and response["Location"] == "/en/organizations/amnesty-international/"
        )
