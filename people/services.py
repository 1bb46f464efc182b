"""Writes that touch several people records (decisions on suggested names, a case refreshed from its
timeline, merging duplicates): each a plain function, atomic, called by the admin and the loaders. Each
logs what it decided in the admin's history, and names the records it changed to the page cache."""

import secrets

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from articles.models import Article, CalendarFeed
from articles.services import followers_alert_later
from newsroom.caching import records_changed
from newsroom.history import with_reason

from . import timeline
from .models import (
    Affiliation,
    Alias,
    Case,
    CaseEvent,
    CaseParticipant,
    ListEdition,
    ListEntry,
    NameSuggestion,
    Organization,
    Person,
    Recognition,
    SlugRedirect,
)
from .text import fold, slug_for, spellings, taken_slugs, unique_slug


def _link(suggestions, record: Person | Organization) -> None:
    """Every article a suggestion was seen in now names the record: as author, mention or organization."""
    for suggestion in suggestions:
        if isinstance(record, Organization):
            suggestion.article.organizations.add(record)
        elif suggestion.seen_as == NameSuggestion.SeenAs.BYLINE:
            suggestion.article.byline.add(record)
        else:
            suggestion.article.people.add(record)


def _accepted(same: list[NameSuggestion], record: Person | Organization, *, user) -> None:
    """Link the articles that named it, mark every suggestion of the name accepted (logged), and tell the
    page cache: the record's pages and the articles now linking it."""
    _link(same, record)
    field = "organization" if isinstance(record, Organization) else "person"
    message = f"Accepted as {record}."
    _decided(same, user=user, status=NameSuggestion.Status.ACCEPTED, message=message, **{field: record})
    records_changed(record, *{each.article for each in same})


def _accepted_as_alias(suggestion: NameSuggestion, record: Person | Organization, *, user) -> Alias | None:
    """The suggested name recorded as another name of a known person or organization."""
    field = "organization" if isinstance(record, Organization) else "person"
    alias = None
    if fold(suggestion.name) != fold(record.name):
        alias, _ = Alias.objects.get_or_create(name=suggestion.name, **{field: record})
    same = list(_same_name(suggestion))
    record.save(update_fields=["updated_at"])  # a new name and new articles on its page
    _accepted(same, record, user=user)
    return alias


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
def person_spellings_add(*, person: Person) -> list[Alias]:
    """The person's name as the press spells it in the other scripts (Mehman Hüseynov: Мехман Гусейнов,
    Mekhman Guseynov), as generated aliases, where no name or alias of theirs folds to it already. Called
    once, when the person is added, so that a generated alias an editor deletes is not made again."""
    known = {fold(person.name)} | {fold(name) for name in person.aliases.values_list("name", flat=True)}
    aliases = []
    for spelling in spellings(person.name)[1:]:
        if fold(spelling) not in known and len(spelling) <= Alias._meta.get_field("name").max_length:
            known.add(fold(spelling))
            aliases.append(Alias.objects.create(person=person, name=spelling, generated=True))
    return aliases


@transaction.atomic
def suggestion_accept_as_person(*, suggestion: NameSuggestion, user) -> Person:
    """Make a new person of the suggested name, and link every article it was seen in."""
    base = slug_for(suggestion.name)
    slug = unique_slug(base, taken=taken_slugs(Person.objects, [base]))
    same = list(_same_name(suggestion))
    bio = next((s.bio for s in same if s.bio), "")
    person = Person.objects.create(name=suggestion.name, slug=slug, bio=bio, imported_bio=bio)
    person_spellings_add(person=person)
    _made(person, user=user)
    _accepted(same, person, user=user)
    return person


@transaction.atomic
def suggestion_accept_as_alias(*, suggestion: NameSuggestion, person: Person, user) -> Alias | None:
    """Record the suggested name as another spelling of an existing person, and link the articles."""
    return _accepted_as_alias(suggestion, person, user=user)


@transaction.atomic
def suggestion_accept_as_organization(*, suggestion: NameSuggestion, user) -> Organization:
    """Make a new organization of the suggested name, of the kind its words suggest, and link its articles."""
    same = list(_same_name(suggestion))
    organization = Organization.objects.create(
        name=suggestion.name, kind=suggestion.organization_kind or Organization.Kind.OTHER
    )
    _made(organization, user=user)
    _accepted(same, organization, user=user)
    return organization


@transaction.atomic
def suggestion_accept_as_organization_alias(
    *, suggestion: NameSuggestion, organization: Organization, user
) -> Alias | None:
    """Record the suggested name as another name of an existing organization, and link the articles."""
    return _accepted_as_alias(suggestion, organization, user=user)


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


def _move_aliases(*, source, target, field: str, extra_names: list[str], user) -> None:
    """Source's aliases become target's; source's own names are kept as aliases so every spelling is found.
    Each alias is saved, so its history says where it came from."""
    known = {fold(target.name)} | {fold(name) for name in target.aliases.values_list("name", flat=True)}
    reason = f"Merged from {source.name}."
    for alias in source.aliases.all():
        with_reason(reason, alias, user=user)
        if fold(alias.name) in known:
            alias.delete()
        else:
            setattr(alias, field, target)
            alias.save(update_fields=[field])
            known.add(fold(alias.name))
    for name in extra_names:
        if name and fold(name) not in known:
            alias = Alias(**{field: target}, name=name)
            with_reason(reason, alias, user=user)
            alias.save()
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
    _move_aliases(source=source, target=target, field="person", extra_names=[source.name], user=user)
    Affiliation.objects.filter(person=source).update(person=target)
    for case in Case.objects.filter(person=source):
        case.person = target
        with_reason(f"Merged from {source.name}.", case, user=user)
        case.save(update_fields=["person", "updated_at"])
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
    with_reason(f"Merged into {target.name}.", source, user=user)
    source.delete()
    with_reason(f"{source.name} merged into it.", target, user=user)
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
    _move_aliases(source=source, target=target, field="organization", extra_names=names, user=user)
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
    with_reason(f"Merged into {target.name}.", source, user=user)
    source.delete()
    with_reason(f"{source.name} merged into it.", target, user=user)
    target.save()
    return target


class EditionError(ValueError):
    """An edition that cannot be published: it is published already, and so frozen."""


def held_on(case: Case, as_of) -> bool:
    """Held on that day, as the case's public timeline says (its events prefetched); a case whose timeline
    records no arrest by then goes by its own dates, as an editor set them."""
    held = timeline.held_on(case.events.all(), as_of)
    if held is not None:
        return held
    if case.arrested_on is None or case.arrested_on > as_of:
        return False
    if case.released_on is not None:
        return case.released_on >= as_of
    return case.is_open


def _entry(edition: ListEdition, case: Case, change: str) -> ListEntry:
    recognitions = [
        {"organization": r.organization.name, "kind": r.get_kind_display()}
        for r in case.recognitions.all()
        if r.recognised_on is None or r.recognised_on <= edition.as_of
    ]
    return ListEntry(
        edition=edition,
        case=case,
        change=change,
        person_name=case.person.name,
        person_slug=case.person.slug,
        case_slug=case.slug,
        status=case.status,
        arrested_on=case.arrested_on,
        arrested_on_precision=case.arrested_on_precision,
        facility_name=case.facility.name if case.facility else "",
        recognitions=recognitions,
    )


@transaction.atomic
def list_edition_publish(*, edition: ListEdition, user) -> ListEdition:
    """Publish an edition: copy every case whose subject was held on its date, marked added when the last
    published edition before it did not list them, and those it listed who are no longer held, marked
    released. From then on the entries are frozen: publishing again is refused."""
    edition = ListEdition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise EditionError(f"{edition} is published already; a published edition does not change.")
    as_of = edition.as_of
    arrested_by_then = Q(events__kind=CaseEvent.Kind.ARREST, events__internal=False, events__date__lte=as_of)
    cases = (
        Case.objects.filter(arrested_by_then | Q(arrested_on__lte=as_of))
        .distinct()
        .select_related("person", "facility")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.public()),
            Prefetch("recognitions", queryset=Recognition.objects.select_related("organization")),
        )
    )
    held = {case.pk: case for case in cases if held_on(case, as_of)}
    previous = ListEdition.objects.published().filter(as_of__lt=as_of).order_by("-as_of").first()
    before = {}
    if previous is not None:
        listed = previous.entries.exclude(change=ListEntry.Change.RELEASED).select_related("case")
        before = {entry.case_id or f"deleted-{entry.pk}": entry for entry in listed}
    entries = [
        _entry(edition, case, ListEntry.Change.LISTED if pk in before else ListEntry.Change.ADDED)
        for pk, case in held.items()
    ]
    for case_id, entry in before.items():
        if case_id not in held:
            # As the last edition listed them, with the status their case has now, if it still exists.
            entry.pk, entry.edition, entry.change = None, edition, ListEntry.Change.RELEASED
            entry.status = entry.case.status if entry.case else entry.status
            entries.append(entry)
    ListEntry.objects.bulk_create(entries)
    edition.status = ListEdition.Status.PUBLISHED
    edition.published_at = timezone.now()
    edition.published_by = user
    edition.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    LogEntry.objects.log_actions(
        user.pk, [edition], CHANGE, change_message=f"Published with {len(held)} people on the list."
    )
    records_changed(edition)
    return edition


def calendar_feed_renew(*, user) -> CalendarFeed:
    """The editor's calendar feed at a new secret address; the old one stops working."""
    feed, _ = CalendarFeed.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed
