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
    path("about/data/", views.AboutDataView.as_view(), name="about-data"),
    path("calendar/<str:token>.ics", views.calendar_ics, name="calendar-ics"),
    path("follow/confirm/<str:token>/", views.FollowConfirmView.as_view(), name="follow-confirm"),
    path("follow/unsubscribe/<str:token>/", views.FollowUnsubscribeView.as_view(), name="follow-unsubscribe"),
    # After the two above, whose first part it would take for a kind.
    path("follow/<str:kind>/<slug:slug>/", views.FollowView.as_view(), name="follow"),
]
