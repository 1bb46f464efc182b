from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import ArticleSitemap, PageSitemap
from articles.views import robots_txt
from newsroom.caching import shown_as
from people.sitemaps import CaseSitemap, OrganizationSitemap, PersonSitemap

SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "cases": CaseSitemap,
}

# Without the CSRF check Django's own 400 page makes (see the view).
handler400 = "articles.views.bad_request"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", shown_as("sitemap")(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("articles.urls")),
    path("", include("people.urls")),
]
