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
from django.utils.formats import date_format

from . import timeline
from .models import Case, Charge, Recognition

ONE_DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Figure:
    label: str
    value: int
    url: str = ""  # where the reader sees the cases counted, when there is such a page


@dataclasses.dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    label_heading: str
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
        figures.append(Figure(date_format(month, "YEAR_MONTH_FORMAT"), held))
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
    description = (
        f"From {figures[0].label} to {figures[-1].label}: {figures[-1].value:,} held in the latest month"
        f"{f', most ({peak.value:,}) in {peak.label}' if peak else ''}."
        if figures
        else "No case with an arrest date."
    )
    return Chart(
        "detention-by-month",
        "People in detention, month by month",
        description,
        "Month",
        "People held",
        figures,
        left_out=(
            f"{left_out:,} closed case{'s' if left_out != 1 else ''} with no release date or sentence end "
            f"{'are' if left_out != 1 else 'is'} not counted: when the detention ended is not known."
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
        "Cases by status",
        _summary(figures, "cases"),
        "Status",
        "Cases",
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
    return Chart(
        "arrests-by-year",
        "Arrests by year",
        _summary(figures, "arrests"),
        "Year",
        "Arrests",
        figures,
        left_out="Cases with no arrest date are not counted.",
    )


def charge_chart(cases, *, today, url_for=no_url):
    counts = (
        Charge.objects.filter(case__in=cases.values("pk"))
        .order_by()
        .values_list("article")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n", "article")
    )
    figures = [Figure(f"Article {article}" if article else "Article not stated", n) for article, n in counts]
    return Chart(
        "charges-by-article",
        "Cases by article of the criminal code charged",
        _summary(figures, "cases") + " A case charged under several articles counts once under each.",
        "Article",
        "Cases",
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
    return Chart(
        "cases-by-recognition",
        "Cases by recognising organization",
        _summary(figures, "cases")
        + " Recognised as a political prisoner or a prisoner of conscience; a case recognised by several "
        "organizations counts once under each.",
        "Organization",
        "Cases",
        figures,
    )


def _summary(figures: list[Figure], noun: str) -> str:
    if not figures:
        return f"No {noun} match."
    top = max(figures, key=lambda f: f.value)
    return f"{len(figures):,} bars; the largest, {top.label}, with {top.value:,} {noun}."


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
    years = sorted({f.label[-4:] for f in figures})
    every = max(len(years) // 5, 1)
    for i, figure in enumerate(figures):
        year = figure.label[-4:]
        if figure.label.startswith("January") and years.index(year) % every == 0 or i == 0:
            ticks.append({"x": round(left + i * step, 1), "label": year})
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
