from django.urls import path

from newsroom.caching import shown_as

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", shown_as("home")(views.HomeView.as_view()), name="home"),
    path("articles/", shown_as("articles")(views.ArticleListView.as_view()), name="article-list"),
    path("articles/<slug:slug>/", shown_as()(views.ArticleDetailView.as_view()), name="article-detail"),
    path("articles/<slug:slug>/comment/", views.CommentView.as_view(), name="comment"),
    path("articles/<slug:slug>/comment-pending/", views.comment_pending, name="comment-pending"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    path("search/", shown_as("search")(views.SearchView.as_view()), name="search"),
    path("feeds/articles.rss", shown_as("feeds")(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feeds/articles.atom", shown_as("feeds")(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
]
