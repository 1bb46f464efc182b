from articles.sitemaps import LanguagesSitemap

from .models import Case, Organization, Person


class RecordSitemap(LanguagesSitemap):
    changefreq = "weekly"
    model = None

    def items(self):
        return self.model.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, record):
        return record.updated_at


class PersonSitemap(RecordSitemap):
    model = Person


class OrganizationSitemap(RecordSitemap):
    model = Organization


class CaseSitemap(RecordSitemap):
    model = Case
