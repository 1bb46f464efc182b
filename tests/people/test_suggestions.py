"""Editors decide on names the import suggested: a new person, an alias of someone known, or not a person."""

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from people.models import Alias, NameSuggestion, Person
from tests.articles.test_import import import_seeds
from tests.factories import make_article, make_editor, make_person

CHANGELIST = reverse("admin:people_namesuggestion_changelist")


class SuggestionDecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        cls.first = make_article(title="First")
        cls.second = make_article(title="Second")
        cls.uncle = NameSuggestion.objects.create(
            article=cls.first, name="Mammad Ibrahimli", context="my uncle"
        )
        cls.again = NameSuggestion.objects.create(
            article=cls.second, name="Mammad İbrahimli", context="again"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_accept_as_a_new_person_links_every_article_that_named_them(self):
        response = self.client.post(
            CHANGELIST, {"action": "accept_as_new_people", "_selected_action": [self.uncle.pk, self.again.pk]}
        )
        assert response.status_code == 302
        person = Person.objects.get(name="Mammad Ibrahimli")
        assert set(person.articles_mentioning.all()) == {self.first, self.second}
        assert set(NameSuggestion.objects.values_list("status", "person")) == {("accepted", person.pk)}
        assert Person.objects.filter(slug__startswith="mammad-ibrahimli").count() == 1

    def test_accept_as_an_alias_of_a_known_person(self):
        known = make_person(name="Mammad Ibrahim", slug="mammad-ibrahim")
        change = reverse("admin:people_namesuggestion_change", args=[self.uncle.pk])
        response = self.client.post(change, {"person": known.pk})
        assert response.status_code == 302
        assert Alias.objects.filter(person=known, name="Mammad Ibrahimli").exists()
        assert set(known.articles_mentioning.all()) == {self.first, self.second}
        self.again.refresh_from_db()
        assert (self.again.status, self.again.person) == ("accepted", known)
        assert not Person.objects.filter(name="Mammad Ibrahimli").exists()

    def test_dismiss(self):
        self.client.post(CHANGELIST, {"action": "dismiss", "_selected_action": [self.uncle.pk]})
        assert not NameSuggestion.objects.pending().exists()
        assert not Person.objects.filter(name__startswith="Mammad").exists()

    def test_editors_cannot_add_suggestions_by_hand(self):
        assert self.client.get(reverse("admin:people_namesuggestion_add")).status_code == 403


def test_a_dismissed_name_is_not_suggested_again(db, tmp_path):
    import_seeds()
    NameSuggestion.objects.update(status=NameSuggestion.Status.DISMISSED)
    (tmp_path / "another.txt").write_text(
        "Another Letter Appears\n\nIt blamed his uncle Mammad Ibrahimli again.\n"
    )
    import_seeds(tmp_path / "another.txt")
    assert not NameSuggestion.objects.pending().exists()


def test_an_unknown_byline_is_suggested_with_its_bio_and_accepting_makes_the_author(db, tmp_path, client):
    (tmp_path / "op-ed.txt").write_text(
        "Why Baku Jails Its Bloggers\n\nThe pattern is old.\n\nAnna Roe\n\nAnna Roe covers the Caucasus.\n"
    )
    status, _, err = import_seeds(tmp_path / "op-ed.txt", "--no-gazetteer")
    assert status == 0, err
    suggestion = NameSuggestion.objects.get(name="Anna Roe")
    assert (
        suggestion.seen_as == NameSuggestion.SeenAs.BYLINE
        and suggestion.bio == "Anna Roe covers the Caucasus."
    )
    assert not Person.objects.exists()

    client.force_login(make_editor())
    client.post(CHANGELIST, {"action": "accept_as_new_people", "_selected_action": [suggestion.pk]})
    author = Person.objects.get(name="Anna Roe")
    assert author.bio == "Anna Roe covers the Caucasus."
    assert list(Article.objects.get().byline.all()) == [author]


def test_a_new_person_gets_a_free_slug(db):
    """Accepting a name whose slug is taken gives the next free one, as imported articles get."""
    from people.services import suggestion_accept_as_person

    make_person(name="Anar Mammadli", slug="anar-mammadli")
    make_person(name="Anar Mammadli (2)", slug="anar-mammadli-2")
    suggestion = NameSuggestion.objects.create(article=make_article(), name="Anar Mammadli")
    assert suggestion_accept_as_person(suggestion=suggestion, user=make_editor()).slug == "anar-mammadli-3"
