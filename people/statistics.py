"""The figures /statistics/ shows, each counted by the database in one aggregate query (the months of
detention in Python over one fetch of dates), and the geometry of the SVG charts that draw them.

Every figure counts the cases a CaseFilter selects, so /statistics/?status=... narrows every chart the way
/cases/?status=... narrows the list. Drawing is geometry only: the templates write the SVG, escaping every
label as any other text.
"""

import dataclasses
import datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import timeline
from .models import Case, Charge, Recognition

ONE_DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Figure:
    label: str
    value: int
    url: str = ""  # where the reader sees the cases counted, when there is such a page
    month: datetime.date | None = None  # the month counted, in a chart over time


@dataclasses.dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    label_heading: str  # lazy: the CSV's columns are named by them in English, the page's in its language
    value_heading: str
    figures: list[Figure]
    left_out: str = ""  # what the chart does not count, and why
    over_time: bool = False  # a count month by month, drawn as a line; else a bar a figure

    @property
    def drawing(self) -> dict:
        return area_geometry(self.figures) if self.over_time else bar_geometry(self.figures)


def month_start(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


def next_month(date: datetime.date) -> datetime.date:
    return date.replace(year=date.year + date.month // 12, month=date.month % 12 + 1, day=1)


def detention_end(row: dict, today: datetime.date) -> tuple[datetime.date, str] | None:
    """The last date a case's subject is known held, with its precision; None while still held, and
    (None, "") when the case is closed with no date at which it ended."""
    if row["released_on"] is not None:
        return row["released_on"], row["released_on_precision"]
    expected = row["expected_release_on"], row["expected_release_on_precision"]
    closed = row["status"] not in Case.OPEN_STATUSES
    if closed or timeline.has_passed(*expected, today):
        # Closed, or held past the sentence's end with no release recorded: count to the sentence's end,
        # as the case page counts the days held.
        return expected if expected[0] is not None else (None, "")
    return None


def detained_by_month(rows, today: datetime.date) -> tuple[list[Figure], int]:
    """People held in each month from the earliest arrest to this month, and how many cases were left out
    (closed with no end date). A case counts in a month when its arrest (to its precision: a month-precision
    arrest from that month) is on or before the month's end and its release, if any, is after the month's
    start (a release known only to the month counts that whole month). O(cases + months)."""
    this_month = month_start(today)
    starts, ends, left_out = {}, {}, 0
    for row in rows:
        first = month_start(row["arrested_on"])
        if first > this_month:
            continue
        end = detention_end(row, today)
        if end is not None and end[0] is None:
            left_out += 1
            continue
        if end is None:
            last = this_month
        else:
            last_day = timeline.period_end(*end)
            # Held after the start of the month the release falls in: a release on the 1st ends it before.
            last = (
                month_start(last_day) if last_day > month_start(last_day) else month_start(last_day - ONE_DAY)
            )
            last = min(last, this_month)
        if last < first:
            continue
        starts[first] = starts.get(first, 0) + 1
        after = next_month(last)
        ends[after] = ends.get(after, 0) + 1
    figures, held, month = [], 0, min(starts, default=this_month)
    while starts and month <= this_month:
        held += starts.get(month, 0) - ends.get(month, 0)
        figures.append(Figure(date_format(month, "YEAR_MONTH_FORMAT"), held, month=month))
        month = next_month(month)
    return figures, left_out


def no_url(**filters) -> str:
    return ""


def charts(cases, *, today: datetime.date, url_for=no_url) -> list[Chart]:
    """Every chart over these cases; url_for(**filters) is the case list's address with those filters."""
    return [CHARTS[slug](cases, today=today, url_for=url_for) for slug in CHARTS]


def detention_chart(cases, *, today, url_for=no_url):
    rows = cases.filter(arrested_on__isnull=False).values(
        "status",
        "arrested_on",
        "released_on",
        "released_on_precision",
        "expected_release_on",
        "expected_release_on_precision",
    )
    figures, left_out = detained_by_month(rows, today)
    peak = max(figures, key=lambda f: f.value, default=None)
    if figures:
        description = _(
            "From %(first)s to %(last)s: %(held)s held in the latest month, "
            "most (%(peak)s) in %(peak_month)s."
        ) % {
            "first": figures[0].label,
            "last": figures[-1].label,
            "held": _number(figures[-1].value),
            "peak": _number(peak.value),
            "peak_month": peak.label,
        }
    else:
        description = _("No case with an arrest date.")
    return Chart(
        "detention-by-month",
        _("People in detention, month by month"),
        description,
        gettext_lazy("Month"),
        gettext_lazy("People held"),
        figures,
        left_out=(
            ngettext(
                "%(count)s closed case with no release date or sentence end is not counted: when the "
                "detention ended is not known.",
                "%(count)s closed cases with no release date or sentence end are not counted: when the "
                "detention ended is not known.",
                left_out,
            )
            % {"count": _number(left_out)}
            if left_out
            else ""
        ),
        over_time=True,
    )


def status_chart(cases, *, today, url_for=no_url):
    counts = dict(cases.order_by().values_list("status").annotate(n=Count("pk")))
    figures = [
        Figure(label, counts[value], url_for(status=value))
        for value, label in Case.Status.choices
        if counts.get(value)
    ]
    return Chart(
        "cases-by-status",
        _("Cases by status"),
        _cases_summary(figures),
        gettext_lazy("Status"),
        gettext_lazy("Cases"),
        figures,
    )


def arrest_year_chart(cases, *, today, url_for=no_url):
    counts = (
        cases.filter(arrested_on__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("arrested_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    figures = [Figure(str(year), n, url_for(arrest_year=year)) for year, n in counts]
    if figures:
        top = max(figures, key=lambda f: f.value)
        summary = ngettext(
            "%(bars)s bars; the largest, %(top)s, with %(count)s arrest.",
            "%(bars)s bars; the largest, %(top)s, with %(count)s arrests.",
            top.value,
        ) % {"bars": _number(len(figures)), "top": top.label, "count": _number(top.value)}
    else:
        summary = _("No arrests match.")
    return Chart(
        "arrests-by-year",
        _("Arrests by year"),
        summary,
        gettext_lazy("Year"),
        gettext_lazy("Arrests"),
        figures,
        left_out=_("Cases with no arrest date are not counted."),
    )


def charge_chart(cases, *, today, url_for=no_url):
    counts = (
        Charge.objects.filter(case__in=cases.values("pk"))
        .order_by()
        .values_list("article")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n", "article")
    )
    figures = [
        Figure(_("Article %(article)s") % {"article": article} if article else _("Article not stated"), n)
        for article, n in counts
    ]
    return Chart(
        "charges-by-article",
        _("Cases by article of the criminal code charged"),
        _cases_summary(figures) + " " + _("A case charged under several articles counts once under each."),
        gettext_lazy("Article"),
        gettext_lazy("Cases"),
        figures,
    )


def recognition_chart(cases, *, today, url_for=no_url):
    counts = (
        Recognition.objects.filter(case__in=cases.values("pk"))
        .order_by()
        .values_list("organization__name", "organization__slug")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n", "organization__name")
    )
    figures = [Figure(name, n, url_for(recognised_by=slug)) for name, slug, n in counts]
    recognised = _(
        "Recognised as a political prisoner or a prisoner of conscience; a case recognised by several "
        "organizations counts once under each."
    )
    return Chart(
        "cases-by-recognition",
        _("Cases by recognising organization"),
        _cases_summary(figures) + " " + recognised,
        gettext_lazy("Organization"),
        gettext_lazy("Cases"),
        figures,
    )


def _number(value: int) -> str:
    """A count as the reader's language writes it: 12,345 in English, 12 345 in Azerbaijani and Russian."""
    return number_format(value, force_grouping=True)


def _cases_summary(figures: list[Figure]) -> str:
    if not figures:
        return _("No cases match.")
    top = max(figures, key=lambda f: f.value)
    return ngettext(
        "%(bars)s bars; the largest, %(top)s, with %(count)s case.",
        "%(bars)s bars; the largest, %(top)s, with %(count)s cases.",
        top.value,
    ) % {"bars": _number(len(figures)), "top": top.label, "count": _number(top.value)}


CHARTS = {
    "detention-by-month": detention_chart,
    "cases-by-status": status_chart,
    "arrests-by-year": arrest_year_chart,
    "charges-by-article": charge_chart,
    "cases-by-recognition": recognition_chart,
}


# Drawing: a viewBox the SVG scales to, narrow enough that its 16-unit text stays readable at 375 px.
WIDTH = 400
LABEL_CHARACTERS = 42


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_y: int
    bar_y: int
    value_x: float


def bar_geometry(figures: list[Figure]) -> dict:
    """Horizontal bars, a label above each: long labels fit a phone's width, as vertical ones would not."""
    top = max((f.value for f in figures), default=0) or 1
    room = WIDTH - 60  # leave space for the value after the longest bar
    bars = []
    for i, figure in enumerate(figures):
        y = i * 44
        label = figure.label
        if len(label) > LABEL_CHARACTERS:
            label = label[: LABEL_CHARACTERS - 1] + "…"
        width = max(figure.value / top * room, 1)
        bars.append(Bar(label, figure.value, y, width, y + 16, y + 22, width + 6))
    return {"bars": bars, "width": WIDTH, "height": max(len(bars) * 44, 44)}


def area_geometry(figures: list[Figure]) -> dict:
    """A step line of a count over months, with the highest count and a few years marked on the axis."""
    height, left, bottom = 230, 44, 196
    top = max((f.value for f in figures), default=0) or 1
    plot = WIDTH - left - 8
    step = plot / max(len(figures), 1)
    points, ticks = [], []
    for i, figure in enumerate(figures):
        y = bottom - figure.value / top * (bottom - 20)
        points += [f"{left + i * step:.1f},{y:.1f}", f"{left + (i + 1) * step:.1f},{y:.1f}"]
    years = sorted({f.month.year for f in figures})
    every = max(len(years) // 5, 1)
    for i, figure in enumerate(figures):
        year = figure.month.year
        if figure.month.month == 1 and years.index(year) % every == 0 or i == 0:
            ticks.append({"x": round(left + i * step, 1), "label": str(year)})
    path = f"M{left},{bottom} L" + " L".join(points) + f" L{left + len(figures) * step:.1f},{bottom} Z"
    return {
        "width": WIDTH,
        "height": height,
        "path": path if figures else "",
        "left": left,
        "right": WIDTH - 8,
        "bottom": bottom,
        "top": top,
        "top_y": 20,
        "ticks": ticks[-6:] if len(ticks) > 6 else ticks,
        "tick_y": bottom + 22,
    }
