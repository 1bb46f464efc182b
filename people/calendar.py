"""The editors' calendar: hearings, expected releases, arrest anniversaries, prisoners' birthdays and
scheduled articles between two dates, each linked to its admin page; the admin's month and week views and
each editor's iCalendar feed read the same entries."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .models import Case, CaseEvent, DatePrecision

# Court dates editors plan for.
COURT_KINDS = [CaseEvent.Kind.HEARING, CaseEvent.Kind.TRIAL, CaseEvent.Kind.APPEAL]


@dataclass(frozen=True)
class Entry:
    date: datetime.date
    kind: str  # hearing, release, anniversary, birthday, article
    title: str
    admin_url: str
    uid: str  # stable across feeds, for calendar programs

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "hearing": "Court date",
    "release": "Expected release",
    "anniversary": "Arrest anniversary",
    "birthday": "Birthday",
    "article": "Scheduled article",
}


def _on(date: datetime.date, year: int) -> datetime.date:
    """The same day in another year (29 February falls on 1 March)."""
    try:
        return date.replace(year=year)
    except ValueError:
        return datetime.date(year, 3, 1)


def calendar_entries(start: datetime.date, end: datetime.date) -> list[Entry]:
    """Every entry from start to end (both included), by date."""
    entries = []
    events = CaseEvent.objects.filter(kind__in=COURT_KINDS, date__range=(start, end)).select_related(
        "case__person"
    )
    for event in events:
        url = reverse("admin:people_case_change", args=[event.case_id])
        title = f"{event.get_kind_display()}: {event.case.person.name}"
        if event.date_precision != DatePrecision.DAY:
            title += f" (date known to the {event.date_precision})"
        entries.append(Entry(event.date, "hearing", title, url, f"event-{event.pk}"))

    cases = Case.objects.open().select_related("person")
    for case in cases.filter(expected_release_on__range=(start, end)).exclude(
        expected_release_on_precision=DatePrecision.YEAR
    ):
        title = f"Expected release: {case.person.name}"
        if case.expected_release_on_precision == DatePrecision.MONTH:
            title += " (some day this month)"
        url = reverse("admin:people_case_change", args=[case.pk])
        entries.append(Entry(case.expected_release_on, "release", title, url, f"release-{case.pk}"))

    years = range(start.year, end.year + 1)
    for case in cases.filter(arrested_on__isnull=False, arrested_on_precision=DatePrecision.DAY):
        for year in years:
            day = _on(case.arrested_on, year)
            held = year - case.arrested_on.year
            if held >= 1 and start <= day <= end:
                title = f"{held} year{'s' if held > 1 else ''} since the arrest of {case.person.name}"
                url = reverse("admin:people_case_change", args=[case.pk])
                entries.append(Entry(day, "anniversary", title, url, f"anniversary-{case.pk}-{year}"))

    held_people = {case.person for case in cases if case.person.born_on_precision == DatePrecision.DAY}
    for person in held_people:
        if person.born_on is None:
            continue
        for year in years:
            day = _on(person.born_on, year)
            if start <= day <= end:
                title = f"Birthday: {person.name} ({year - person.born_on.year})"
                url = reverse("admin:people_person_change", args=[person.pk])
                entries.append(Entry(day, "birthday", title, url, f"birthday-{person.pk}-{year}"))

    now = timezone.now()
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
    for article in scheduled.only("pk", "title", "published_at"):
        day = timezone.localdate(article.published_at)
        if start <= day <= end:
            title = f"Goes out at {timezone.localtime(article.published_at):%H:%M}: {article.title}"
            url = reverse("admin:articles_article_change", args=[article.pk])
            entries.append(Entry(day, "article", title, url, f"article-{article.pk}"))
    return sorted(entries, key=lambda entry: (entry.date, entry.kind, entry.title))


def calendar_ics(entries: list[Entry], *, site_url: str) -> bytes:
    """The entries as an iCalendar file of all-day events (RFC 5545): the icalendar package escapes text,
    folds long lines and writes the required fields, which hand-written output gets subtly wrong."""
    import icalendar

    feed = icalendar.Calendar()
    feed.add("prodid", "-//newsroom//editors' calendar//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", "Newsroom: editors' calendar")
    stamp = timezone.now()
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@newsroom")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + datetime.timedelta(days=1))
        event.add("summary", entry.title)
        event.add("categories", [entry.kind_label])
        event.add("url", site_url + entry.admin_url)
        feed.add_component(event)
    return feed.to_ical()


def calendar_page(query, *, today: datetime.date) -> dict:
    """What the admin's calendar shows for ?week=YYYY-MM-DD (the week holding that day) or ?month=YYYY-MM
    (default: this month): its weeks of days, each day with its entries, and the periods either side."""
    if "week" in query:
        try:
            day = datetime.date.fromisoformat(query["week"])
        except ValueError:
            day = today
        start = day - datetime.timedelta(days=day.weekday())
        end = start + datetime.timedelta(days=6)
        title = f"Week of {start:%-d %B %Y}"
        before = f"week={start - datetime.timedelta(days=7)}"
        after = f"week={start + datetime.timedelta(days=7)}"
        month = None
    else:
        try:
            first = datetime.date.fromisoformat(query.get("month", "") + "-01")
        except ValueError:
            first = today.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        start = first - datetime.timedelta(days=first.weekday())
        end = last + datetime.timedelta(days=6 - last.weekday())
        title = f"{first:%B %Y}"
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        before = f"month={previous:%Y-%m}"
        after = f"month={last + datetime.timedelta(days=1):%Y-%m}"
        month = first.month
    entries = calendar_entries(start, end)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    by_day = {day: [entry for entry in entries if entry.date == day] for day in days}
    weeks = [[(day, by_day[day]) for day in days[n : n + 7]] for n in range(0, len(days), 7)]
    return {
        "title": f"Editors' calendar: {title}",
        "weeks": weeks,
        "month": month,
        "today": today,
        "entry_count": len(entries),
        "previous": before,
        "next": after,
        "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    }
