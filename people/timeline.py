"""What a case's dated events say about it, and dates kept to their precision.

Pure Python, no database: the case page, the admin's refresh and the data migration all read the same
facts from the same events. An event is anything with `kind`, `date`, `date_precision` and, optionally,
`internal` (internal events are the editors' and never drive what readers see).
"""

import calendar
import dataclasses
import datetime

from django.utils.formats import number_format
from django.utils.translation import ngettext

DAY, MONTH, YEAR = "day", "month", "year"

# The kinds of event that set a case's status (a verdict may be an acquittal: only a sentence imprisons).
STATUS_BY_KIND = {
    "arrest": "detained",
    "sentence": "imprisoned",
    "release": "released",
    "pardon": "pardoned",
    "death_in_custody": "deceased",
}
HEARING_KINDS = {"trial", "hearing"}
RELEASE_KINDS = {"release", "pardon"}
# Whatever ends a hunger strike: its reported end, or the prisoner leaving prison alive or dead.
HUNGER_STRIKE_ENDERS = {"hunger_strike_end", "release", "pardon", "death_in_custody"}


def period_start(date: datetime.date, precision: str) -> datetime.date:
    """The first day of the day, month or year a date stands for: how such dates are stored."""
    if precision == MONTH:
        return date.replace(day=1)
    if precision == YEAR:
        return date.replace(month=1, day=1)
    return date


def period_end(date: datetime.date, precision: str) -> datetime.date:
    """The last day of the day, month or year a date stands for: "March 2019" has passed on 1 April."""
    if precision == MONTH:
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == YEAR:
        return date.replace(month=12, day=31)
    return date


def has_passed(date: datetime.date | None, precision: str, today: datetime.date) -> bool:
    return date is not None and period_end(date, precision) < today


@dataclasses.dataclass(frozen=True)
class DayCount:
    """A number of days, "about" and rounded when a date it counts from is known only to the month or year."""

    days: int
    precision: str = DAY

    @property
    def approximate(self) -> bool:
        return self.precision != DAY

    @property
    def shown(self) -> int:
        step = {DAY: 1, MONTH: 10, YEAR: 100}[self.precision]
        return round(self.days / step) * step

    def __str__(self):
        count = number_format(self.shown, force_grouping=True)  # 1,200 in English, 1 200 in Russian
        if self.approximate:
            return ngettext("about %(count)s day", "about %(count)s days", self.shown) % {"count": count}
        return ngettext("%(count)s day", "%(count)s days", self.shown) % {"count": count}


def coarsest(*precisions: str) -> str:
    order = [DAY, MONTH, YEAR]
    return max((p or DAY for p in precisions), key=order.index)


def day_count(start, start_precision, end, end_precision=DAY) -> DayCount | None:
    """Days from start to end; each date known only to its month or year is taken at its period's middle."""
    if start is None or end is None:
        return None
    middle = _middle(start, start_precision)
    days = max((_middle(end, end_precision) - middle).days, 0)
    return DayCount(days, coarsest(start_precision, end_precision))


def _middle(date, precision):
    first, last = period_start(date, precision), period_end(date, precision)
    return first + (last - first) // 2


@dataclasses.dataclass
class TimelineFacts:
    """The facts the events state, each with the event it comes from (None where the events say nothing)."""

    status: str | None = None
    status_event: object = None
    arrest_event: object = None
    sentence_event: object = None
    release_event: object = None
    hunger_strike_event: object = None  # the start of a hunger strike no later event ended
    last_event: object = None


def timeline_facts(events) -> TimelineFacts:
    """Read the events in order (date, then the order they were recorded); the latest says what is true."""
    facts = TimelineFacts()
    for event in events:
        if getattr(event, "internal", False):
            continue
        kind = event.kind
        facts.last_event = event
        if kind in STATUS_BY_KIND:
            facts.status, facts.status_event = STATUS_BY_KIND[kind], event
        elif kind in HEARING_KINDS and facts.status in (None, "detained"):
            facts.status, facts.status_event = "on_trial", event
        if kind == "arrest":
            # A new arrest opens a new detention: an earlier sentence or release no longer describes it.
            facts.arrest_event, facts.sentence_event, facts.release_event = event, None, None
        elif kind == "sentence":
            facts.sentence_event = event
        elif kind in RELEASE_KINDS:
            facts.release_event = event
        if kind == "hunger_strike_start":
            facts.hunger_strike_event = event
        elif kind in HUNGER_STRIKE_ENDERS:
            facts.hunger_strike_event = None
    return facts


OPEN_STATUSES = {"detained", "on_trial", "imprisoned"}


def held_on(events, as_of: datetime.date) -> bool | None:
    """Whether the events say the person was held on this day: arrested on or before it (a date known
    only to the month or year from its first day) and not released, pardoned or dead before it. None when
    the events up to that day record no arrest, so the case's own dates must say."""
    known = [
        event
        for event in events
        if event.date < as_of
        or (event.date == as_of and event.kind not in RELEASE_KINDS | {"death_in_custody"})
    ]
    facts = timeline_facts(known)
    if facts.arrest_event is None:
        return None
    return facts.status in OPEN_STATUSES
