"""Organizations the database does not know yet are suggested to editors, as unknown people are."""

from django.test import TestCase
from django.urls import reverse

from articles.importing.linker import NameIndex
from articles.models import Article
from people.models import Alias, NameSuggestion, Organization
from tests.articles.test_import import import_seeds
from tests.factories import make_article, make_editor, make_organization

CHANGELIST = reverse("admin:people_namesuggestion_changelist")
TEXT = (
    "The Ministry of Justice said on Monday that the Committee to Protect Journalists and Human Rights Watch "
    "were wrong. Musavat and the Azerbaijan Popular Front Party called a rally. Anar Mammadli of the "
    "Democracy Studies Center spoke to Mehman Huseynov."
)


def organization_suggestions(text):
    index = NameIndex(people=[(1, ["Mehman Huseynov"])], organizations=[(1, ["Musavat"])])
    return index.find(text, headline="A Headline").organization_suggestions


def test_unknown_organizations_are_suggested_with_the_kind_their_words_suggest():
    found = organization_suggestions(TEXT)
    assert {name: kind for name, (_context, kind) in found.items()} == {
        "Ministry of Justice": "state",
        "Committee to Protect Journalists": "",
        "Human Rights Watch": "",
        "Azerbaijan Popular Front Party": "party",
        "Democracy Studies Center": "",
    }
    assert found["Ministry of Justice"][0].startswith("The Ministry of Justice said on Monday")


def test_known_organizations_and_people_are_not_suggested_as_organizations():
    found = organization_suggestions(TEXT)
    assert "Musavat" not in found
    assert not any("Mammadli" in name or "Huseynov" in name for name in found)


def test_the_words_of_an_organizations_name_are_not_a_person_suggestion():
    index = NameIndex(people=[], organizations=[])
    mentions = index.find(TEXT, headline="A Headline")
    assert "Protect Journalists" not in mentions.suggestions
    assert "Human Rights" not in mentions.suggestions
    assert "Anar Mammadli" in mentions.suggestions


def test_the_import_lists_and_records_organizations_suggested(db, tmp_path):
    import json

    page = tmp_path / "ministry.txt"
    page.write_text(f"A Court Hears An Appeal In Baku\n\n{TEXT}\n")
    status, out, err = import_seeds(page, dry_run=True, json=True)
    [row] = [json.loads(line) for line in out.splitlines()]
    assert "Ministry of Justice" in row["organizations_suggested"]
    assert "Anar Mammadli" in row["people_suggested"]
    import_seeds(page)
    suggestion = NameSuggestion.objects.get(name="Ministry of Justice")
    assert (suggestion.kind, suggestion.organization_kind) == ("organization", "state")


class OrganizationSuggestionDecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        cls.first = make_article(title="First")
        cls.second = make_article(title="Second")
        kind = NameSuggestion.Kind.ORGANIZATION
        cls.ministry = NameSuggestion.objects.create(
            article=cls.first, name="Ministry of Justice", kind=kind, organization_kind="state"
        )
        cls.again = NameSuggestion.objects.create(
            article=cls.second, name="Ministry of Justice", kind=kind, organization_kind="state"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_accept_as_a_new_organization_of_its_kind_links_every_article(self):
        response = self.client.post(
            CHANGELIST, {"action": "accept_as_new_organizations", "_selected_action": [self.ministry.pk]}
        )
        assert response.status_code == 302
        ministry = Organization.objects.get(name="Ministry of Justice")
        assert ministry.kind == Organization.Kind.STATE
        assert set(ministry.articles.all()) == {self.first, self.second}
        assert set(NameSuggestion.objects.values_list("status", "organization")) == {
            ("accepted", ministry.pk)
        }

    def test_accept_as_another_name_of_a_known_organization(self):
        known = make_organization(name="Ministry of Justice of Azerbaijan")
        change = reverse("admin:people_namesuggestion_change", args=[self.ministry.pk])
        response = self.client.post(change, {"organization": known.pk})
        assert response.status_code == 302
        assert Alias.objects.filter(organization=known, name="Ministry of Justice").exists()
        assert set(Article.objects.filter(organizations=known)) == {self.first, self.second}
        assert Organization.objects.count() == 1
