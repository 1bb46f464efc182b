import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .models import Affiliation, Case, CaseEvent, Facility, Organization, Person, Recognition, Role


class MatchingFilter(django_filters.CharFilter):
    """Words looked up with the model's own matching() (names by any alias, text by full-text search)."""

    def filter(self, queryset, value):
        return queryset.matching(value) if value else queryset


class PersonFilter(django_filters.FilterSet):
    q = MatchingFilter(label=_("Name"))
    role = django_filters.ModelChoiceFilter(
        field_name="roles",
        to_field_name="slug",
        queryset=Role.objects.all(),
        label=_("Role"),
        empty_label=_("Any"),
    )
    organization = django_filters.ModelChoiceFilter(
        field_name="affiliations__organization",
        to_field_name="slug",
        queryset=Organization.objects.all(),
        label=_("Organization"),
        empty_label=_("Any"),
        distinct=True,
    )
    has_case = django_filters.BooleanFilter(
        label=_("Has a case"),
        method="filter_has_case",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Person
        fields = []

    def filter_has_case(self, queryset, name, value):
        has_case = Exists(Case.objects.filter(person=OuterRef("pk")))
        return queryset.filter(has_case if value else ~has_case)


class OrganizationFilter(django_filters.FilterSet):
    q = MatchingFilter(label=_("Name"))
    kind = django_filters.ChoiceFilter(
        choices=Organization.Kind.choices, label=_("Kind"), empty_label=_("Any")
    )

    class Meta:
        model = Organization
        fields = []


class CaseFilter(django_filters.FilterSet):
    """The case list's filters, shared by /cases/, /cases.csv and /cases.json."""

    q = MatchingFilter(label=_("Words"))
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, label=_("Status"), empty_label=_("Any"))
    recognised_by = django_filters.ModelChoiceFilter(
        field_name="recognitions__organization",
        to_field_name="slug",
        queryset=Organization.objects.filter(Exists(Recognition.objects.filter(organization=OuterRef("pk")))),
        label=_("Recognised by"),
        empty_label=_("Any"),
        distinct=True,
    )
    facility = django_filters.ModelChoiceFilter(
        field_name="facility",
        to_field_name="slug",
        queryset=Facility.objects.all(),
        label=_("Held at"),
        empty_label=_("Any"),
    )
    arrest_year = django_filters.NumberFilter(
        field_name="arrested_on",
        lookup_expr="year",
        label=_("Year of arrest"),
        min_value=1900,
        max_value=2100,
    )

    class Meta:
        model = Case
        fields = []


class CaseEventFilter(django_filters.FilterSet):
    """/timeline/'s filters: what happened, when, to whom, and which organization the case concerns."""

    kind = django_filters.ChoiceFilter(choices=CaseEvent.Kind.choices, label=_("What"), empty_label=_("Any"))
    year = django_filters.NumberFilter(
        field_name="date", lookup_expr="year", label=_("Year"), min_value=1900, max_value=2100
    )
    # A name typed, not a list of everyone with a case: at 10,000 cases that list made each page 650 KB
    # and took a second to render (bench/serve.py). A person's address (slug) works too, as links give it.
    person = django_filters.CharFilter(label=_("Person"), method="filter_person", max_length=100)
    organization = django_filters.ModelChoiceFilter(
        to_field_name="slug",
        queryset=Organization.objects.all(),
        label=_("Organization"),
        empty_label=_("Any"),
        method="filter_organization",
    )

    class Meta:
        model = CaseEvent
        fields = []

    def filter_person(self, queryset, name, value):
        """The person of that address, or whose name or any alias holds the words."""
        value = value.strip()
        if not value:
            return queryset
        people = Person.objects.filter(
            Q(slug=value) | Q(name__icontains=value) | Q(aliases__name__icontains=value)
        )
        return queryset.filter(case__person__in=people.values("pk"))

    def filter_organization(self, queryset, name, value):
        """Cases of the organization's members, and cases it recognised."""
        members = Affiliation.objects.filter(organization=value, person=OuterRef("case__person"))
        recognised = Recognition.objects.filter(organization=value, case=OuterRef("case"))
        return queryset.filter(Q(Exists(members)) | Q(Exists(recognised)))
