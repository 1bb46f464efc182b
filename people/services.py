"""Editors' decisions on names the import suggested: each a plain function, atomic, used by the admin. Each
logs the decision in the suggestions' admin history (and the record it made in that record's), and names
the people and organizations it changed to the page cache."""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from newsroom.caching import records_changed

from .models import Alias, NameSuggestion, Organization, Person
from .text import fold, slug_for, taken_slugs, unique_slug


def _link(suggestions, person: Person) -> None:
    for suggestion in suggestions:
        if suggestion.seen_as == NameSuggestion.SeenAs.BYLINE:
            suggestion.article.byline.add(person)
        else:
            suggestion.article.people.add(person)


def _decided(same: list[NameSuggestion], *, user, status: str, message: str, **made) -> None:
    """Mark every suggestion of the name decided, and log it in each one's history."""
    NameSuggestion.objects.filter(pk__in=[s.pk for s in same]).update(
        status=status, decided_by=user, decided_at=timezone.now(), **made
    )
    if same:
        LogEntry.objects.log_actions(user.pk, same, CHANGE, change_message=message)


def _made(record, *, user) -> None:
    LogEntry.objects.log_actions(user.pk, [record], ADDITION, change_message="Added from a suggested name.")


def _same_name(suggestion: NameSuggestion):
    """A decision on a name applies to every pending suggestion of that name, in every article."""
    return NameSuggestion.objects.pending().filter(folded=suggestion.folded).select_related("article")


@transaction.atomic
def suggestion_accept_as_person(*, suggestion: NameSuggestion, user) -> Person:
    """Make a new person of the suggested name, and link every article it was seen in."""
    base = slug_for(suggestion.name)
    slug = unique_slug(base, taken=taken_slugs(Person.objects, [base]))
    same = list(_same_name(suggestion))
    bio = next((s.bio for s in same if s.bio), "")
    person = Person.objects.create(name=suggestion.name, slug=slug, bio=bio, imported_bio=bio)
    _link(same, person)
    _decided(
        same,
        user=user,
        status=NameSuggestion.Status.ACCEPTED,
        message=f"Accepted as {person}.",
        person=person,
    )
    _made(person, user=user)
    records_changed(person, *{each.article for each in same})  # the articles now link the person
    return person


@transaction.atomic
def suggestion_accept_as_alias(*, suggestion: NameSuggestion, person: Person, user) -> Alias | None:
    """Record the suggested name as another spelling of an existing person, and link the articles."""
    alias = None
    if fold(suggestion.name) != fold(person.name):
        alias, _ = Alias.objects.get_or_create(person=person, name=suggestion.name)
    same = list(_same_name(suggestion))
    _link(same, person)
    person.save(update_fields=["updated_at"])  # a new name and new articles on the person's page
    _decided(
        same,
        user=user,
        status=NameSuggestion.Status.ACCEPTED,
        message=f"Accepted as {person}.",
        person=person,
    )
    records_changed(person, *{each.article for each in same})  # the articles now link the person
    return alias


@transaction.atomic
def suggestion_accept_as_organization(*, suggestion: NameSuggestion, user) -> Organization:
    """Make a new organization of the suggested name, of the kind its words suggest, and link its articles."""
    same = list(_same_name(suggestion))
    organization = Organization.objects.create(
        name=suggestion.name, kind=suggestion.organization_kind or Organization.Kind.OTHER
    )
    for each in same:
        each.article.organizations.add(organization)
    _decided(
        same,
        user=user,
        status=NameSuggestion.Status.ACCEPTED,
        message=f"Accepted as {organization}.",
        organization=organization,
    )
    _made(organization, user=user)
    records_changed(organization, *{each.article for each in same})  # and the articles now link it
    return organization


@transaction.atomic
def suggestion_accept_as_organization_alias(
    *, suggestion: NameSuggestion, organization: Organization, user
) -> Alias | None:
    """Record the suggested name as another name of an existing organization, and link the articles."""
    alias = None
    if fold(suggestion.name) != fold(organization.name):
        alias, _ = Alias.objects.get_or_create(organization=organization, name=suggestion.name)
    same = list(_same_name(suggestion))
    for each in same:
        each.article.organizations.add(organization)
    organization.save(update_fields=["updated_at"])  # a new name and new articles on its page
    _decided(
        same,
        user=user,
        status=NameSuggestion.Status.ACCEPTED,
        message=f"Accepted as {organization}.",
        organization=organization,
    )
    records_changed(organization, *{each.article for each in same})  # and the articles now link it
    return alias


@transaction.atomic
def suggestions_dismiss(*, suggestions, user) -> int:
    """Neither a person nor an organization: dismissed names are not suggested again by later imports."""
    folded = set(suggestions.values_list("folded", flat=True))
    same = list(NameSuggestion.objects.pending().filter(folded__in=folded))
    _decided(same, user=user, status=NameSuggestion.Status.DISMISSED, message="Dismissed.")
    return len(same)
