from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("articles/<slug:slug>/comment-pending/", views.comment_pending, name="comment-pending"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/articles.rss", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feeds/articles.atom", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
]
