import csv
import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from articles.forms import FollowForm
from articles.models import Article, CalendarFeed, Follower
from articles.services import follower_confirm, follower_subscribe, follower_unsubscribe
from articles.text import source_date_iso
from newsroom.clients import client_address, client_hash, rate_limited
from newsroom.languages import in_language

from . import statistics
from .calendar import calendar_entries
from .calendar import calendar_ics as calendar_ics_file
from .filters import CaseEventFilter, CaseFilter, OrganizationFilter, PersonFilter
from .models import (
    Affiliation,
    Case,
    CaseEvent,
    CaseParticipant,
    Charge,
    ChargeStep,
    ListEdition,
    ListEntry,
    Organization,
    Person,
    Recognition,
    SlugRedirect,
)

ARTICLE_TEASER_FIELDS = [
    "title", "slug", "standfirst", "published_at", "source_published_on", "source_date_precision",
    "publication__name",
]  # fmt: skip


def _public_articles():
    return Article.objects.published().select_related("publication").only(*ARTICLE_TEASER_FIELDS)


class PersonListView(FilterView):
    filterset_class = PersonFilter
    paginate_by = 30
    template_name = "people/person_list.html"
    queryset = Person.objects.prefetch_related("roles").annotate(case_count=Count("cases")).order_by("name")


class MergedRedirectMixin:
    """The address of a record merged into another answers with a permanent redirect to the one kept."""

    redirect_field: str

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                SlugRedirect.objects.filter(
                    old_slug=kwargs["slug"], **{f"{self.redirect_field}__isnull": False}
                )
                .select_related(self.redirect_field)
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.get_absolute_url())


class PersonDetailView(MergedRedirectMixin, DetailView):
    redirect_field = "person"
    template_name = "people/person_detail.html"
    queryset = Person.objects.prefetch_related(
        "roles",
        "aliases",
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
        Prefetch(
            "cases",
            queryset=Case.objects.select_related("facility").prefetch_related(
                Prefetch("events", queryset=CaseEvent.objects.public())
            ),
        ),
        Prefetch("articles_written", queryset=_public_articles(), to_attr="public_articles_written"),
        Prefetch("articles_mentioning", queryset=_public_articles(), to_attr="public_articles_mentioning"),
    )


class OrganizationListView(FilterView):
    filterset_class = OrganizationFilter
    paginate_by = 30
    template_name = "people/organization_list.html"
    queryset = Organization.objects.all()


class OrganizationDetailView(MergedRedirectMixin, DetailView):
    redirect_field = "organization"
    template_name = "people/organization_detail.html"
    queryset = Organization.objects.prefetch_related(
        "aliases",
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("person")),
        Prefetch("recognitions", queryset=Recognition.objects.select_related("case__person")),
        Prefetch("articles", queryset=_public_articles(), to_attr="public_articles"),
    )


class CaseListView(FilterView):
    filterset_class = CaseFilter
    paginate_by = 30
    template_name = "people/case_list.html"
    queryset = Case.objects.select_related("person", "facility").prefetch_related(
        "recognitions__organization"
    )


class CaseDetailView(DetailView):
    template_name = "people/case_detail.html"
    queryset = Case.objects.select_related("person", "facility").prefetch_related(
        Prefetch("recognitions", queryset=Recognition.objects.select_related("organization")),
        Prefetch(
            "events",
            queryset=CaseEvent.objects.public().prefetch_related(
                Prefetch("source_articles", queryset=_public_articles(), to_attr="public_sources")
            ),
        ),
        Prefetch("articles", queryset=_public_articles(), to_attr="public_articles"),
        Prefetch(
            "charges",
            queryset=Charge.objects.prefetch_related(
                Prefetch(
                    "steps",
                    queryset=ChargeStep.objects.select_related("court").prefetch_related(
                        Prefetch("source_articles", queryset=_public_articles(), to_attr="public_sources")
                    ),
                )
            ),
        ),
        Prefetch("participants", queryset=CaseParticipant.objects.select_related("person", "court")),
    )


class TimelineView(FilterView):
    """Every public event of every case, newest first, each with its case and its sources."""

    filterset_class = CaseEventFilter
    paginate_by = 50
    template_name = "people/timeline.html"
    queryset = (
        CaseEvent.objects.public()
        .select_related("case__person")
        .prefetch_related(Prefetch("source_articles", queryset=_public_articles(), to_attr="public_sources"))
        .order_by("-date", "-pk")
    )


CASE_FIELDS = [
    "url", "person", "person_url", "status", "status_set_by", "charges",
    "arrested_on", "arrested_on_precision", "sentenced_on", "sentenced_on_precision", "sentence",
    "expected_release_on", "expected_release_on_precision", "released_on", "released_on_precision",
    "release_unconfirmed", "days_in_detention", "days_in_detention_approximate",
    "facility", "facility_address", "facility_letters", "last_event_on", "last_event_precision",
    "recognitions",
]  # fmt: skip


class CaseExportView(View):
    """The case list as data: the same filters as /cases/, every case with its and its subject's URL."""

    format = "json"
    queryset = CaseListView.queryset.prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.public()),
        Prefetch(
            "charges",
            queryset=Charge.objects.prefetch_related(
                Prefetch("steps", queryset=ChargeStep.objects.select_related("court"))
            ),
        ),
    )

    def get(self, request):
        filterset = CaseFilter(request.GET, queryset=self.queryset.order_by("slug"))
        cases = filterset.qs if filterset.is_valid() else Case.objects.none()
        today = timezone.localdate()
        rows = [self._row(request, case, today) for case in cases]
        if self.format == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="cases.csv"'
            writer = csv.DictWriter(response, fieldnames=CASE_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
            return response
        return JsonResponse(
            {"count": len(rows), "cases": rows},
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False},
        )

    def _row(self, request, case, today):
        recognitions = [f"{r.organization.name}: {r.get_kind_display()}" for r in case.recognitions.all()]
        detention, last = case.detention(today), case.facts.last_event
        row = {
            "url": request.build_absolute_uri(case.get_absolute_url()),
            "person": case.person.name,
            "person_url": request.build_absolute_uri(case.person.get_absolute_url()),
            "status": case.status,
            "status_set_by": "editor" if case.status_by_hand or case.facts.status is None else "timeline",
            "charges": self._charges(case),
            "sentence": case.sentence,
            "release_unconfirmed": case.release_is_unconfirmed(today),
            "days_in_detention": detention.shown if detention else None,
            "days_in_detention_approximate": detention.approximate if detention else None,
            "facility": case.facility.name if case.facility else "",
            "facility_address": case.facility.postal_address if case.facility else "",
            "facility_letters": case.facility.letters if case.facility else "",
            "last_event_on": source_date_iso(last.date, last.date_precision) if last else None,
            "last_event_precision": last.date_precision if last else None,
            "recognitions": "; ".join(recognitions) if self.format == "csv" else recognitions,
        }
        for name in Case.DATES_WITH_PRECISION:
            value, precision = getattr(case, name), getattr(case, f"{name}_precision")
            row[name] = source_date_iso(value, precision)
            row[f"{name}_precision"] = precision if value else None
        return row

    def _charges(self, case):
        charges = [
            {
                "article": charge.article,
                "description": in_language(charge, "description").text,
                "steps": [
                    {
                        "kind": step.kind,
                        "date": source_date_iso(step.date, step.date_precision),
                        "date_precision": step.date_precision,
                        "court": step.court.name if step.court else "",
                        "court_level": step.court.level if step.court else "",
                    }
                    for step in charge.steps.all()
                ],
            }
            for charge in case.charges.all()
        ]
        if self.format == "csv":
            return "; ".join(
                charge.worded()
                + "".join(f" ({step.get_kind_display().lower()})" for step in list(charge.steps.all())[-1:])
                for charge in case.charges.all()
            )
        return charges


class AboutDataView(TemplateView):
    """What every field of the downloads means."""

    template_name = "people/about_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"stale_days": settings.CASE_STALE_DAYS}


def _filtered_cases(request) -> tuple[CaseFilter, object]:
    """The cases /cases/ would list for these filters, as a plain queryset to aggregate over (no distinct
    rows from a join to count twice); none when a filter's value is not valid."""
    filterset = CaseFilter(request.GET, queryset=Case.objects.all())
    if not filterset.is_valid():
        return filterset, Case.objects.none()
    return filterset, Case.objects.filter(pk__in=filterset.qs.values("pk"))


class StatisticsView(TemplateView):
    """Every chart, each over the cases the same filters as /cases/ select, with its figures as a table."""

    template_name = "people/statistics.html"

    def get_context_data(self, **kwargs):
        filterset, cases = _filtered_cases(self.request)
        list_url = reverse("people:case-list")

        def url_for(**filters):
            """The case list with the page's filters and this figure's: the cases the figure counts."""
            params = self.request.GET.copy()
            params.pop("page", None)
            for name, value in filters.items():
                params[name] = value
            return f"{list_url}?{params.urlencode()}"

        charts = statistics.charts(cases, today=timezone.localdate(), url_for=url_for)
        return super().get_context_data(**kwargs) | {"filter": filterset, "charts": charts}


class StatisticsCSVView(View):
    """One chart's figures as CSV, with the same filters as the page."""

    def get(self, request, chart):
        if chart not in statistics.CHARTS:
            raise Http404("No such chart.")
        _, cases = _filtered_cases(request)
        figures = statistics.CHARTS[chart](cases, today=timezone.localdate())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{chart}.csv"'
        writer = csv.writer(response)
        with translation.override("en"):  # column names stay English in every language, as in every download
            writer.writerow([str(figures.label_heading).lower(), str(figures.value_heading).lower()])
        writer.writerows((figure.label, figure.value) for figure in figures.figures)
        return response


class ListEditionListView(ListView):
    """The published editions of the list, newest first."""

    template_name = "people/edition_list.html"
    queryset = (
        ListEdition.objects.published()
        .annotate(listed=Count("entries", filter=~Q(entries__change=ListEntry.Change.RELEASED)))
        .order_by("-as_of")  # a query with an aggregate drops Meta.ordering
    )
    paginate_by = 50


class ListEditionDetailView(DetailView):
    """One published edition: who was held on its date, who was added and who released since the last."""

    template_name = "people/edition_detail.html"
    queryset = ListEdition.objects.published().prefetch_related("entries")

    def get_context_data(self, **kwargs):
        entries = list(self.object.entries.all())
        return super().get_context_data(**kwargs) | {
            "listed": [e for e in entries if e.on_list],
            "added": [e for e in entries if e.change == ListEntry.Change.ADDED],
            "released": [e for e in entries if e.change == ListEntry.Change.RELEASED],
        }


EDITION_FIELDS = [
    "person", "person_url", "case_url", "change", "status", "arrested_on", "arrested_on_precision",
    "facility", "recognitions",
]  # fmt: skip


class ListEditionExportView(View):
    """An edition as data, frozen as it was published: CSV or JSON."""

    format = "json"

    def get(self, request, slug):
        edition = get_object_or_404(ListEdition.objects.published().prefetch_related("entries"), slug=slug)
        rows = [self._row(request, entry) for entry in edition.entries.all()]
        if self.format == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="list-{edition.slug}.csv"'
            writer = csv.DictWriter(response, fieldnames=EDITION_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
            return response
        return JsonResponse(
            {
                "title": edition.title,
                "as_of": edition.as_of,
                "published_at": edition.published_at,
                "url": request.build_absolute_uri(edition.get_absolute_url()),
                "count": sum(1 for row in rows if row["change"] != ListEntry.Change.RELEASED),
                "entries": rows,
            },
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False},
        )

    def _row(self, request, entry):
        people = reverse("people:person-detail", kwargs={"slug": entry.person_slug})
        case = reverse("people:case-detail", kwargs={"slug": entry.case_slug})
        recognitions = [f"{r['organization']}: {r['kind']}" for r in entry.recognitions]
        return {
            "person": entry.person_name,
            "person_url": request.build_absolute_uri(people),
            "case_url": request.build_absolute_uri(case),
            "change": entry.change,
            "status": entry.status,
            "arrested_on": source_date_iso(entry.arrested_on, entry.arrested_on_precision),
            "arrested_on_precision": entry.arrested_on_precision if entry.arrested_on else None,
            "facility": entry.facility_name,
            "recognitions": "; ".join(recognitions) if self.format == "csv" else entry.recognitions,
        }


FOLLOWABLE = {"person": Person, "case": Case, "organization": Organization}


@method_decorator(never_cache, name="dispatch")
class FollowView(View):
    """A reader's email for a person, case or organization: a confirmation email goes out (double
    opt-in), and the reader is told the same whether or not the address follows it already."""

    def get(self, request, kind, slug):
        """The form, on a page of its own: its CSRF token is never in a cached page."""
        return render(request, "people/follow.html", {"record": self._record(kind, slug), "kind": kind})

    def _record(self, kind, slug):
        if kind not in FOLLOWABLE:
            raise Http404
        return get_object_or_404(FOLLOWABLE[kind], slug=slug)

    def post(self, request, kind, slug):
        record = self._record(kind, slug)
        form = FollowForm(request.POST)
        rate_key = "newsroom:follow-rate:" + client_hash(client_address(request))
        if rate_limited(key=rate_key, limit=settings.FOLLOW_RATE_LIMIT, window=settings.FOLLOW_RATE_WINDOW):
            return render(request, "people/follow.html", {"record": record, "limited": True}, status=429)
        if not form.is_valid():
            context = {"record": record, "kind": kind, "form": form}
            return render(request, "people/follow.html", context, status=400)
        if not form.cleaned_data["website"]:  # a bot filled the field people cannot see
            follower_subscribe(
                email=form.cleaned_data["email"], record=record, language=translation.get_language()
            )
        return render(request, "people/follow.html", {"record": record, "sent": True})


@method_decorator(never_cache, name="dispatch")
class FollowConfirmView(View):
    """The link in the confirmation email shows a button (mail scanners open links; only a person
    presses a button), which confirms."""

    def get(self, request, token):
        follower = get_object_or_404(Follower, token=token)
        return render(request, "people/follow_confirm.html", {"follower": follower})

    def post(self, request, token):
        follower = get_object_or_404(Follower, token=token)
        follower_confirm(follower=follower)
        return render(request, "people/follow_confirm.html", {"follower": follower, "confirmed": True})


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class FollowUnsubscribeView(View):
    """One click: the link in every email asks to confirm, and mail programs' unsubscribe button posts
    here directly (RFC 8058), with no CSRF token: the secret token in the address is the proof."""

    def get(self, request, token):
        follower = get_object_or_404(Follower, token=token)
        return render(request, "people/follow_unsubscribe.html", {"follower": follower})

    def post(self, request, token):
        follower = Follower.objects.filter(token=token).first()
        if follower is not None:
            follower_unsubscribe(follower=follower)
        return render(request, "people/follow_unsubscribe.html", {"done": True})


@never_cache
def calendar_ics(request, token):
    """An editor's iCalendar feed: the calendar from a month ago to a year ahead, at the secret address
    shown on the admin's calendar page; 404 once renewed, or if the editor may no longer see cases."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not (feed.user.is_active and feed.user.has_perm("people.view_case")):
        raise Http404
    today = timezone.localdate()
    entries = calendar_entries(today - datetime.timedelta(days=31), today + datetime.timedelta(days=366))
    ics = calendar_ics_file(entries, site_url=settings.NEWSROOM_SITE_URL)
    return HttpResponse(ics, content_type="text/calendar; charset=utf-8")
