from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.feeds import ArticleFeed, AtomMixin
from articles.models import Article

from .models import Case, Organization, Person


class PersonFeed(ArticleFeed):
    """Articles by or about one person."""

    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, person):
        return escape(_("Newsroom: %(name)s") % {"name": person.name})

    def description(self, person):
        return escape(_("Articles by and about %(name)s.") % {"name": person.name})

    def link(self, person):
        return person.get_absolute_url()

    def items(self, person):
        return self.published(Article.objects.filter(Q(people=person) | Q(byline=person)).distinct())


class OrganizationFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug)

    def title(self, organization):
        return escape(_("Newsroom: %(name)s") % {"name": organization.name})

    def description(self, organization):
        return escape(_("Articles that mention %(name)s.") % {"name": organization.name})

    def link(self, organization):
        return organization.get_absolute_url()

    def items(self, organization):
        return self.published(Article.objects.filter(organizations=organization))


class CaseFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Case.objects.select_related("person"), slug=slug)

    def title(self, case):
        return escape(_("Newsroom: the case of %(name)s") % {"name": case.person.name})

    def description(self, case):
        return escape(_("Articles on the case of %(name)s.") % {"name": case.person.name})

    def link(self, case):
        return case.get_absolute_url()

    def items(self, case):
        return self.published(Article.objects.filter(cases=case))


class PersonAtomFeed(AtomMixin, PersonFeed):
    pass


class OrganizationAtomFeed(AtomMixin, OrganizationFeed):
    pass


class CaseAtomFeed(AtomMixin, CaseFeed):
    pass
