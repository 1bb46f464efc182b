from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


class LanguagesSitemap(Sitemap):
    """Each page once a language (/az/, /ru/, /en/), each naming the others as alternates and the
    default language's as x-default."""

    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(LanguagesSitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.public().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, article):
        return article.updated_at


class PageSitemap(LanguagesSitemap):
    """The lists and pages that are not records."""

    changefreq = "daily"

    def items(self):
        return [
            "articles:home", "articles:article-list", "people:person-list", "people:organization-list",
            "people:case-list", "people:about-data",
        ]  # fmt: skip

    def location(self, name):
        return reverse(name)
