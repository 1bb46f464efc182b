"""Slugs: any name transliterated; the first free one of base, base-2, base-3, ..., found with a few exact
lookups."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Publication
from people.models import Case, Organization, Person
from people.text import slug_for, taken_slugs, unique_slug
from tests.factories import make_person


def test_taken_slugs_asks_once_a_round_however_many_bases_are_taken(db):
    bases = [f"name-{n}" for n in range(12)]
    for base in bases:
        make_person(slug=base)
        make_person(slug=f"{base}-2")
    make_person(slug="name-0-3")
    with CaptureQueriesContext(connection) as queries:
        taken = taken_slugs(Person.objects, bases, probe=2)
    # The bases, then forms 2-3 of all twelve, then forms 4-5 of name-0 alone.
    assert len(queries) == 3
    assert [unique_slug(base, taken=taken) for base in bases[:2]] == ["name-0-4", "name-1-3"]


def test_a_base_wanted_twice_gets_numbered_forms_even_when_free(db):
    taken = taken_slugs(Person.objects, ["free", "free"])
    first = unique_slug("free", taken=taken)
    taken.add(first)
    assert (first, unique_slug("free", taken=taken)) == ("free", "free-2")


def test_cyrillic_and_azerbaijani_names_are_transliterated():
    assert slug_for("Мехман Гусейнов") == "mekhman-guseinov"
    assert slug_for("Хадиджа Исмайлова") == "khadidzha-ismailova"
    assert slug_for("Һәсән Әлијев") == "hesen-eliyev"
    assert slug_for("Xədicə İsmayılova") == "xedice-ismayilova"


def test_a_record_saved_without_a_slug_gets_a_free_one(db):
    """Person, Organization, Case, Publication and Article number a slug that is taken."""
    first, second = Person.objects.create(name="Ali Aliyev"), Person.objects.create(name="Ali Aliyev")
    assert (first.slug, second.slug) == ("ali-aliyev", "ali-aliyev-2")
    cases = [Case.objects.create(person=person) for person in (first, second, first)]
    assert [case.slug for case in cases] == ["ali-aliyev", "ali-aliyev-2", "ali-aliyev-3"]
    for model, field in [(Organization, "name"), (Publication, "name"), (Article, "title")]:
        slugs = [model.objects.create(**{field: name}).slug for name in ["Азадлыг", "Азадлыг!"]]
        assert slugs == ["azadlyg", "azadlyg-2"], model
