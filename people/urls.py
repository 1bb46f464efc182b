from django.urls import path

from . import feeds, views

app_name = "people"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<slug:slug>/feed.rss", feeds.PersonFeed(), name="person-feed-rss"),
    path("people/<slug:slug>/feed.atom", feeds.PersonAtomFeed(), name="person-feed-atom"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("organizations/<slug:slug>/feed.rss", feeds.OrganizationFeed(), name="organization-feed-rss"),
    path("organizations/<slug:slug>/feed.atom", feeds.OrganizationAtomFeed(), name="organization-feed-atom"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases.csv", views.CaseExportView.as_view(format="csv"), name="case-csv"),
    path("cases.json", views.CaseExportView.as_view(format="json"), name="case-json"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<slug:slug>/feed.rss", feeds.CaseFeed(), name="case-feed-rss"),
    path("cases/<slug:slug>/feed.atom", feeds.CaseAtomFeed(), name="case-feed-atom"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("statistics/<slug:chart>.csv", views.StatisticsCSVView.as_view(), name="statistics-csv"),
    path("lists/", views.ListEditionListView.as_view(), name="edition-list"),
    path("lists/<slug:slug>/", views.ListEditionDetailView.as_view(), name="edition-detail"),
    path("lists/<slug:slug>.csv", views.ListEditionExportView.as_view(format="csv"), name="edition-csv"),
    path("lists/<slug:slug>.json", views.ListEditionExportView.as_view(format="json"), name="edition-json"),
    path("about/data/", views.AboutDataView.as_view(), name="about-data"),
]
