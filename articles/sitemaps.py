from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.public().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, article):
        return article.updated_at


class PageSitemap(Sitemap):
    """The lists and pages that are not records."""

    changefreq = "daily"

    def items(self):
        return [
            "articles:home", "articles:article-list", "people:person-list", "people:organization-list",
            "people:case-list", "people:about-data",
        ]  # fmt: skip

    def location(self, name):
        return reverse(name)
