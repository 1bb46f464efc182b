"""Writes that touch several people records (decisions on suggested names, a case refreshed from its
timeline, merging duplicates): each a plain function, atomic, called by the admin and the loaders. Each
logs what it decided in the admin's history, and names the records it changed to the page cache."""

import secrets

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from articles.models import Article, CalendarFeed
from articles.services import followers_alert_later
from newsroom.caching import records_changed

from . import timeline
from .models import (
    Affiliation,
    Alias,
    Case,
    CaseParticipant,
    NameSuggestion,
    Organization,
    Person,
    Recognition,
    SlugRedirect,
)
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
    records_changed(person)
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
    records_changed(person)
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
    records_changed(organization)
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
    records_changed(organization)
    return alias


@transaction.atomic
def suggestions_dismiss(*, suggestions, user) -> int:
    """Neither a person nor an organization: dismissed names are not suggested again by later imports."""
    folded = set(suggestions.values_list("folded", flat=True))
    same = list(NameSuggestion.objects.pending().filter(folded__in=folded))
    _decided(same, user=user, status=NameSuggestion.Status.DISMISSED, message="Dismissed.")
    return len(same)


# The case's facts each timeline event kind sets: (field, the TimelineFacts attribute with its event).
TIMELINE_DATES = [
    ("arrested_on", "arrest_event"),
    ("sentenced_on", "sentence_event"),
    ("released_on", "release_event"),
]


@transaction.atomic
def case_refresh_from_timeline(*, case: Case) -> list[str]:
    """Set the case's status and dates from its public events, except those an editor set by hand;
    returns the names of the fields that changed. A fact the events say nothing about is left as it is."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    facts = timeline.timeline_facts(case.events.public().order_by("date", "pk"))
    changed = []
    if facts.status is not None and not case.status_by_hand and case.status != facts.status:
        case.status = facts.status
        changed.append("status")
    for field, attribute in TIMELINE_DATES:
        if getattr(case, f"{field}_by_hand"):
            continue
        event = getattr(facts, attribute)
        if event is None and field != "released_on":
            continue  # no arrest or sentence in the timeline: keep what the case says
        value = event.date if event else None
        precision = event.date_precision if event else getattr(case, f"{field}_precision")
        if value is None and not (field == "released_on" and facts.arrest_event):
            continue  # a release is cleared only by a later arrest in the timeline
        if (getattr(case, field), getattr(case, f"{field}_precision")) != (value, precision):
            setattr(case, field, value)
            setattr(case, f"{field}_precision", precision)
            changed += [field, f"{field}_precision"]
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    followers_alert_later(case=case)
    return changed


class MergeError(ValueError):
    """Two records that cannot be merged: the same record twice."""


def _move_links(through, field: str, source, target) -> None:
    """Repoint a many-to-many link table's rows from source to target, without duplicating a row."""
    source_rows = through.objects.filter(**{field: source})
    other = next(f.name for f in through._meta.fields if f.is_relation and f.name != field)
    taken = through.objects.filter(**{field: target}).values(f"{other}_id")
    source_rows.filter(**{f"{other}_id__in": taken}).delete()
    source_rows.update(**{field: target})


def _move_aliases(*, source, target, field: str, extra_names: list[str]) -> None:
    """Source's aliases become target's; source's own names are kept as aliases so every spelling is found."""
    known = {fold(target.name)} | {fold(name) for name in target.aliases.values_list("name", flat=True)}
    for alias in source.aliases.all():
        if fold(alias.name) in known:
            alias.delete()
        else:
            Alias.objects.filter(pk=alias.pk).update(**{field: target})
            known.add(fold(alias.name))
    for name in extra_names:
        if name and fold(name) not in known:
            Alias.objects.create(**{field: target}, name=name)
            known.add(fold(name))


def _move_redirects(*, source, target, field: str) -> None:
    SlugRedirect.objects.filter(**{field: source}).update(**{field: target})
    SlugRedirect.objects.filter(**{field: target}, old_slug=target.slug).delete()
    SlugRedirect.objects.get_or_create(**{field: target}, old_slug=source.slug)


@transaction.atomic
def person_merge(*, source: Person, target: Person, user) -> Person:
    """Fold a duplicate person into another: aliases, affiliations, cases, mentions, bylines and
    suggestions move to target, source's name is kept as an alias, and source's address redirects."""
    if source.pk == target.pk:
        raise MergeError("A person cannot be merged into itself.")
    _move_aliases(source=source, target=target, field="person", extra_names=[source.name])
    Affiliation.objects.filter(person=source).update(person=target)
    Case.objects.filter(person=source).update(person=target)
    roles = CaseParticipant.objects.filter(person=target).values_list("case_id", "role")
    for participant in CaseParticipant.objects.filter(person=source):
        if (participant.case_id, participant.role) in set(roles):
            participant.delete()  # the same role in the same case, under both names
        else:
            CaseParticipant.objects.filter(pk=participant.pk).update(person=target)
    NameSuggestion.objects.filter(person=source).update(person=target)
    _move_links(Article.people.through, "person", source, target)
    _move_links(Article.byline.through, "person", source, target)
    target.roles.add(*source.roles.all())
    for field in ["bio", "country"]:
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    if target.born_on is None and source.born_on is not None:
        target.born_on, target.born_on_precision = source.born_on, source.born_on_precision
    _move_redirects(source=source, target=target, field="person")
    source.delete()
    target.save()
    return target


@transaction.atomic
def organization_merge(*, source: Organization, target: Organization, user) -> Organization:
    """Fold a duplicate organization into another: aliases, affiliations, recognitions, mentions and
    suggestions move to target, source's names are kept as aliases, and source's address redirects."""
    if source.pk == target.pk:
        raise MergeError("An organization cannot be merged into itself.")
    names = [source.name]
    if source.abbreviation and target.abbreviation and source.abbreviation != target.abbreviation:
        names.append(source.abbreviation)
    _move_aliases(source=source, target=target, field="organization", extra_names=names)
    Affiliation.objects.filter(organization=source).update(organization=target)
    given = Recognition.objects.filter(organization=target).values_list("case_id", "kind")
    for recognition in Recognition.objects.filter(organization=source):
        if (recognition.case_id, recognition.kind) in set(given):
            recognition.delete()  # the same recognition, recorded under both names
        else:
            Recognition.objects.filter(pk=recognition.pk).update(organization=target)
    NameSuggestion.objects.filter(organization=source).update(organization=target)
    _move_links(Article.organizations.through, "organization", source, target)
    for field in ["abbreviation", "country", "description", "website"]:
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    _move_redirects(source=source, target=target, field="organization")
    source.delete()
    target.save()
    return target


def calendar_feed_renew(*, user) -> CalendarFeed:
    """The editor's calendar feed at a new secret address; the old one stops working."""
    feed, _ = CalendarFeed.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed
