import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import Article, DatePrecision

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """Articles as feed items; subclasses choose which articles and what the feed is about. Feed readers
    show titles and descriptions as HTML, so text from the database is escaped (as Django's own item_title
    does) and the XML then holds it escaped twice."""

    def item_title(self, item):
        return escape(item.title)

    def item_description(self, item):
        return escape(item.standfirst or Truncator(item.body).words(60))

    def item_pubdate(self, item):
        """The story's own date when the source gives the day; never the day it was imported."""
        if item.source_published_on is None or item.source_date_precision != DatePrecision.DAY:
            return None
        # Noon, not midnight: a feed reader in any time zone from UTC-11 to UTC+11 shows the same day.
        noon = datetime.datetime.combine(item.source_published_on, datetime.time(12))
        return timezone.make_aware(noon, datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(person.name for person in item.byline.all()) or None

    def item_categories(self, item):
        return [item.publication.name] if item.publication else []

    @staticmethod
    def published(articles):
        return articles.published().select_related("publication").prefetch_related("byline")[:FEED_LENGTH]


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj) if callable(self.description) else self.description


class LatestArticlesFeed(ArticleFeed):
    title = _("Newsroom: latest articles")
    description = _("Political prisoners, jailed journalists and bloggers, and protests in Azerbaijan.")

    def link(self):
        return reverse("articles:article-list")

    def items(self):
        return self.published(Article.objects)


class LatestArticlesAtomFeed(AtomMixin, LatestArticlesFeed):
    pass
