import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from people.filters import MatchingFilter
from people.models import Case, Organization, Person

from .models import Article, Publication


class ArticleFilter(django_filters.FilterSet):
    """The article list's filters; the querystring is the shareable address of the result."""

    q = MatchingFilter(label=_("Words"))
    person = django_filters.ModelChoiceFilter(
        field_name="people",
        to_field_name="slug",
        queryset=Person.objects.all(),
        label=_("Person"),
        empty_label=_("Any"),
    )
    organization = django_filters.ModelChoiceFilter(
        field_name="organizations",
        to_field_name="slug",
        queryset=Organization.objects.all(),
        label=_("Organization"),
        empty_label=_("Any"),
    )
    case = django_filters.ModelChoiceFilter(
        field_name="cases",
        to_field_name="slug",
        queryset=Case.objects.select_related("person"),
        label=_("Case"),
        empty_label=_("Any"),
    )
    publication = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Publication.objects.all(), label=_("Publication"), empty_label=_("Any")
    )
    published_from = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label=_("Published from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_to = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label=_("Published to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = []
