from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import ArticleSitemap, PageSitemap
from articles.views import robots_txt
from newsroom.caching import shown_as
from people.sitemaps import CaseSitemap, OrganizationSitemap, PersonSitemap
from people.views import calendar_ics

SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "cases": CaseSitemap,
}

# Without the CSRF check Django's own 400 page makes (see the view).
handler400 = "articles.views.bad_request"

# Addresses without a language: the admin (in the editor's browser language), calendar programs' feeds,
# and what search engines read (the sitemap lists every page in each language).
urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", shown_as("sitemap")(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("calendar/<str:token>.ics", calendar_ics, name="calendar-ics"),
]
# Readers' pages, feeds and downloads under their language: /az/, /ru/, /en/. `/` and the old addresses
# without one are redirected by LocaleMiddleware to the reader's language (Accept-Language, else English).
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("people.urls")),
    prefix_default_language=True,
)
