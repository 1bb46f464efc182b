"""The records' history, kept by django-simple-history: each save of an article, note, comment, person,
alias, organization, case, event, charge or charge step writes a version (who, when, why, every field).

What simple-history cannot see is written here: rows the import writes in bulk (COPY, bulk_create) get a
first version in one INSERT ... SELECT in the database, and a change made for a reason (a bulk action, an
import, a merge) carries that reason into its version."""

import datetime
import difflib
from dataclasses import dataclass

from django.db import connection
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.utils import get_history_model_for_model

# A change's reason in the history: what the action or command that saved a record was doing.
REASON_FIELD = "_change_reason"


def with_reason(reason: str, *records, user=None) -> None:
    """Mark the records' next save with the reason their version records (e.g. "Withdrawn: ...") and, when
    the change is not a signed-in editor's request (a command, the worker), with who asked for it."""
    for record in records:
        setattr(record, REASON_FIELD, reason)
        if user is not None:
            record._history_user = user


def first_versions(
    queryset, *, reason: str, user=None, when: datetime.datetime | None = None, history_model=None
) -> int:
    """Write a first version ("created") of each row of the queryset that has no version yet, in one
    statement: for rows written without save(), which simple-history never sees. Returns how many.

    history_model is for migrations, whose models are their own; otherwise it is the queryset model's."""
    model = queryset.model
    history_model = history_model or get_history_model_for_model(model)
    quote = connection.ops.quote_name
    pk = model._meta.pk.column
    columns = [
        field.column for field in history_model._meta.concrete_fields if not field.name.startswith("history_")
    ]
    kept = ", ".join(quote(column) for column in columns)
    copied = ", ".join(f"source.{quote(column)}" for column in columns)
    subquery, params = queryset.order_by().values("pk").query.sql_with_params()
    history_table, table = quote(history_model._meta.db_table), quote(model._meta.db_table)
    # Every name comes from the models; the values are parameters.
    sql = (
        f"INSERT INTO {history_table} ({kept}, history_date, history_change_reason, history_type, "  # nosec B608
        f"history_user_id) SELECT {copied}, %s, %s, '+', %s FROM {table} source "
        f"WHERE source.{quote(pk)} IN ({subquery}) AND NOT EXISTS "
        f"(SELECT 1 FROM {history_table} version WHERE version.{quote(pk)} = source.{quote(pk)})"
    )
    user_id = getattr(user, "pk", None)
    with connection.cursor() as cursor:
        cursor.execute(sql, [when or timezone.now(), reason, user_id, *params])
        return cursor.rowcount


@dataclass(frozen=True)
class FieldChange:
    """One field between two versions: its label, the old and new values as shown, and for long text the
    lines that differ (a unified diff), so that an edit inside a body of 5,000 words can be seen."""

    field: str
    label: str
    old: str
    new: str
    lines: tuple[str, ...] = ()

    @property
    def lines_changed(self) -> int:
        return sum(1 for line in self.lines if line.startswith(("-", "+")))


# Text longer than this, or of several lines, is compared line by line rather than shown whole twice.
LONG_TEXT = 200


def changes_between(older, newer) -> list[FieldChange]:
    """What changed from one version to another (any two versions of the same record, not only neighbours),
    field by field in the model's order, as an editor reads the values: a time to the second in the site's
    time zone, a choice by its label (a time the form saved without its microseconds is no change)."""
    delta = newer.diff_against(older, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        field = newer.instance_type._meta.get_field(change.field)
        old, new = _shown(field, change.old), _shown(field, change.new)
        if old == new:
            continue
        lines = ()
        if len(old) > LONG_TEXT or len(new) > LONG_TEXT or "\n" in old or "\n" in new:
            diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
            lines = tuple(line for line in diff if not line.startswith(("---", "+++")))
        changes.append(FieldChange(change.field, capfirst(field.verbose_name), old, new, lines))
    return changes


def _shown(field, value) -> str:
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i:s")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)
