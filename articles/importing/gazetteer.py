"""The starter gazetteer (seeds/gazetteer.json): people, organizations and cases to link against.

Loading only adds what is missing: a record an editor has changed is never overwritten.
"""

import datetime
import json
from pathlib import Path

from django.db import transaction

from articles.models import Article, Publication
from newsroom.history import first_versions
from people.models import (
    Affiliation,
    Alias,
    Case,
    CaseEvent,
    Charge,
    ChargeStep,
    Facility,
    Organization,
    Person,
    Recognition,
    Role,
)
from people.services import case_refresh_from_timeline
from people.text import slug_for

from . import SeedFormatError


def gazetteer_read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise SeedFormatError(f"cannot read: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SeedFormatError(f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise SeedFormatError("not a gazetteer: expected an object with people, organizations and cases")
    return data


def _role(name: str) -> Role:
    return Role.objects.get_or_create(slug=slug_for(name), defaults={"name": name})[0]


def _name(entry: dict, model) -> str:
    """The entry's name, refused if longer than the model keeps (a database would refuse it mid-load)."""
    name, limit = entry["name"], model._meta.get_field("name").max_length
    if not isinstance(name, str) or not name.strip() or len(name) > limit:
        raise SeedFormatError(f"a name must be text of 1 to {limit} characters: {str(name)[:60]!r}")
    return name


def _facility(name) -> Facility | None:
    if not name:
        return None
    return Facility.objects.get_or_create(name=name, defaults={"slug": slug_for(name)})[0]


def _charges(case: Case, charges) -> int:
    """A case's charges: text (one a line) or records with an article, words and dated steps."""
    if isinstance(charges, str):
        charges = [{"description": line.strip()} for line in charges.splitlines() if line.strip()]
    created = 0
    for entry in charges:
        charge = Charge.objects.create(
            case=case, article=entry.get("article", ""), description=entry["description"]
        )
        for step in entry.get("steps", []):
            ChargeStep.objects.create(
                charge=charge,
                kind=step["kind"],
                date=_date(step["date"]),
                date_precision=step.get("precision", CaseEvent.Precision.DAY),
                description=step.get("description", ""),
            )
        created += 1 + len(entry.get("steps", []))
    return created


def _charge_steps(entry: dict):
    charges = entry.get("charges", [])
    return [] if isinstance(charges, str) else [(c, s) for c in charges for s in c.get("steps", [])]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def gazetteer_load(*, data: dict) -> int:
    """Add the gazetteer's records that are missing; returns how many rows were created."""
    created = 0
    try:
        for entry in data.get("publications", []):
            _, new = Publication.objects.get_or_create(
                name=_name(entry, Publication), defaults={"website": entry.get("website", "")}
            )
            created += new

        organizations = {}
        for entry in data.get("organizations", []):
            organization, new = Organization.objects.get_or_create(
                slug=slug_for(_name(entry, Organization)),
                defaults={
                    "name": entry["name"],
                    "kind": entry.get("kind", Organization.Kind.OTHER),
                    "abbreviation": entry.get("abbreviation", ""),
                    "country": entry.get("country", ""),
                    "description": entry.get("description", ""),
                },
            )
            created += new
            organizations[entry["name"]] = organization
            for alias in entry.get("aliases", []):
                created += Alias.objects.get_or_create(organization=organization, name=alias)[1]

        people = {}
        for entry in data.get("people", []):
            person, new = Person.objects.get_or_create(
                slug=slug_for(_name(entry, Person)),
                defaults={
                    "name": entry["name"],
                    "country": entry.get("country", ""),
                    "bio": entry.get("bio", ""),
                    "imported_bio": entry.get("bio", ""),
                },
            )
            created += new
            people[entry["name"]] = person
            if new:
                person.roles.set(_role(name) for name in entry.get("roles", []))
            for alias in entry.get("aliases", []):
                name, kind = alias if isinstance(alias, list) else (alias, Alias.Kind.SPELLING)
                created += Alias.objects.get_or_create(person=person, name=name, defaults={"kind": kind})[1]
            for affiliation in entry.get("affiliations", []):
                created += Affiliation.objects.get_or_create(
                    person=person,
                    organization=organizations[affiliation["organization"]],
                    role=affiliation.get("role", ""),
                )[1]

        for entry in data.get("cases", []):
            case, new = Case.objects.get_or_create(
                slug=entry["slug"],
                defaults={
                    "person": people[entry["person"]],
                    "status": entry.get("status", Case.Status.DETAINED),
                    "sentence": entry.get("sentence", ""),
                    "summary": entry.get("summary", ""),
                    "facility": _facility(entry.get("facility")),
                    "arrested_on": _date(entry.get("arrested_on")),
                    "arrested_on_precision": entry.get("arrested_on_precision", CaseEvent.Precision.DAY),
                    "expected_release_on": _date(entry.get("expected_release_on")),
                    "expected_release_on_precision": entry.get(
                        "expected_release_on_precision", CaseEvent.Precision.DAY
                    ),
                    "released_on": _date(entry.get("released_on")),
                },
            )
            created += new
            for recognition in entry.get("recognitions", []):
                created += Recognition.objects.get_or_create(
                    case=case,
                    organization=organizations[recognition["organization"]],
                    kind=recognition["kind"],
                )[1]
            if new:
                CaseEvent.objects.bulk_create(
                    CaseEvent(
                        case=case,
                        date=_date(event["date"]),
                        date_precision=event.get("precision", CaseEvent.Precision.DAY),
                        kind=event["kind"],
                        description=event.get("description", ""),
                    )
                    for event in entry.get("events", [])
                )
                first_versions(CaseEvent.objects.filter(case=case), reason="From the gazetteer.")
                created += len(entry.get("events", []))
                created += _charges(case, entry.get("charges", []))
                case_refresh_from_timeline(case=case)  # the status and dates the events state
    except (KeyError, TypeError, ValueError) as error:
        raise SeedFormatError(f"gazetteer entry is incomplete or malformed: {error!r}") from None
    return created


@transaction.atomic
def gazetteer_cite_sources(*, data: dict) -> int:
    """Link the gazetteer's case events to the imported articles they come from (by source file name)."""
    files = {
        name
        for entry in data.get("cases", [])
        for e in [*entry.get("events", []), *(step for _, step in _charge_steps(entry))]
        for name in e.get("sources", [])
    }
    articles = {a.source_file: a for a in Article.objects.filter(source_file__in=files)}
    linked = 0
    for entry in data.get("cases", []):
        for event in entry.get("events", []):
            sources = [articles[name] for name in event.get("sources", []) if name in articles]
            if not sources:
                continue
            match = CaseEvent.objects.filter(
                case__slug=entry["slug"], kind=event["kind"], description=event.get("description", "")
            ).first()
            if match:
                match.source_articles.add(*sources)
                linked += len(sources)
        for charge, step in _charge_steps(entry):
            sources = [articles[name] for name in step.get("sources", []) if name in articles]
            match = ChargeStep.objects.filter(
                charge__case__slug=entry["slug"], charge__description=charge["description"], kind=step["kind"]
            ).first()
            if sources and match:
                match.source_articles.add(*sources)
                linked += len(sources)
    return linked
