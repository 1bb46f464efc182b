import django_filters
from django import forms

from people.filters import MatchingFilter
from people.models import Case, Organization, Person

from .models import Article, Publication


class ArticleFilter(django_filters.FilterSet):
    """The article list's filters; the querystring is the shareable address of the result."""

    q = MatchingFilter(label="Words")
    person = django_filters.ModelChoiceFilter(
        field_name="people",
        to_field_name="slug",
        queryset=Person.objects.all(),
        label="Person",
        empty_label="Any",
    )
    organization = django_filters.ModelChoiceFilter(
        field_name="organizations",
        to_field_name="slug",
        queryset=Organization.objects.all(),
        label="Organization",
        empty_label="Any",
    )
    case = django_filters.ModelChoiceFilter(
        field_name="cases",
        to_field_name="slug",
        queryset=Case.objects.select_related("person"),
        label="Case",
        empty_label="Any",
    )
    publication = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Publication.objects.all(), label="Publication", empty_label="Any"
    )
    published_from = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label="Published from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_to = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label="Published to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = []
