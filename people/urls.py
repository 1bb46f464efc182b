from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case-detail"),
]
