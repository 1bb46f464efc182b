from django.urls import path

from newsroom.caching import shown_as

from . import feeds, views

# Each public page names what it shows, for the page caches (newsroom.caching): its list, or its record.
people, organizations, cases, lists, feed, record = (
    shown_as("people"),
    shown_as("organizations"),
    shown_as("cases"),
    shown_as("lists"),
    shown_as("feeds"),
    shown_as(),
)

app_name = "people"

urlpatterns = [
    path("people/", people(views.PersonListView.as_view()), name="person-list"),
    path("people/<slug:slug>/", record(views.PersonDetailView.as_view()), name="person-detail"),
    path("people/<slug:slug>/feed.rss", feed(feeds.PersonFeed()), name="person-feed-rss"),
    path("people/<slug:slug>/feed.atom", feed(feeds.PersonAtomFeed()), name="person-feed-atom"),
    path("organizations/", organizations(views.OrganizationListView.as_view()), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        record(views.OrganizationDetailView.as_view()),
        name="organization-detail",
    ),
    path("organizations/<slug:slug>/feed.rss", feed(feeds.OrganizationFeed()), name="organization-feed-rss"),
    path(
        "organizations/<slug:slug>/feed.atom",
        feed(feeds.OrganizationAtomFeed()),
        name="organization-feed-atom",
    ),
    path("cases/", cases(views.CaseListView.as_view()), name="case-list"),
    path("cases.csv", cases(views.CaseExportView.as_view(format="csv")), name="case-csv"),
    path("cases.json", cases(views.CaseExportView.as_view(format="json")), name="case-json"),
    path("cases/<slug:slug>/", record(views.CaseDetailView.as_view()), name="case-detail"),
    path("cases/<slug:slug>/feed.rss", feed(feeds.CaseFeed()), name="case-feed-rss"),
    path("cases/<slug:slug>/feed.atom", feed(feeds.CaseAtomFeed()), name="case-feed-atom"),
    # Every event of every public case: it changes with any case.
    path("timeline/", cases(views.TimelineView.as_view()), name="timeline"),
    # Counts over every case, and the dated editions of the list (frozen once published).
    path("statistics/", cases(views.StatisticsView.as_view()), name="statistics"),
    path("statistics/<slug:chart>.csv", cases(views.StatisticsCSVView.as_view()), name="statistics-csv"),
    path("lists/", lists(views.ListEditionListView.as_view()), name="edition-list"),
    path("lists/<slug:slug>/", lists(views.ListEditionDetailView.as_view()), name="edition-detail"),
    path(
        "lists/<slug:slug>.csv", lists(views.ListEditionExportView.as_view(format="csv")), name="edition-csv"
    ),
    path(
        "lists/<slug:slug>.json",
        lists(views.ListEditionExportView.as_view(format="json")),
        name="edition-json",
    ),
    path("about/data/", shown_as()(views.AboutDataView.as_view()), name="about-data"),
    path("follow/confirm/<str:token>/", views.FollowConfirmView.as_view(), name="follow-confirm"),
    path("follow/unsubscribe/<str:token>/", views.FollowUnsubscribeView.as_view(), name="follow-unsubscribe"),
    # After the two above, whose first part it would take for a kind.
    path("follow/<str:kind>/<slug:slug>/", views.FollowView.as_view(), name="follow"),
]
