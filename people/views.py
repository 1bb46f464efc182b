from django.views.generic import DetailView

from .models import Case, Organization, Person


class PersonDetailView(DetailView):
    model = Person


class OrganizationDetailView(DetailView):
    model = Organization


class CaseDetailView(DetailView):
    queryset = Case.objects.select_related("person")
