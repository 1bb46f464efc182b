import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q
from django.db.models.functions import Left, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from newsroom.languages import Language
from people.text import free_slug

from .text import MARK_START, MARK_STOP, comment_html, source_date_iso

# The years every page can show. Outside them a time may not survive the change of time zone (0001-01-01
# 00:00 in Baku is year 0 in UTC) or PostgreSQL's driver, and each list, feed and search naming the article
# failed with it. The form refuses them (validate_shown_time, in local time); the database too, with a
# day's margin either side for time zones.
FIRST_YEAR_SHOWN, LAST_YEAR_SHOWN = 1900, 2999
SHOWN_TIME_MESSAGE = "Choose a time from 1900 to 2999: pages cannot show one outside those years."


def validate_shown_time(value: datetime.datetime) -> None:
    try:
        year = timezone.localtime(value).year if timezone.is_aware(value) else value.year
    except OverflowError:  # not even a time in this time zone
        year = None
    if year is None or not FIRST_YEAR_SHOWN <= year <= LAST_YEAR_SHOWN:
        raise ValidationError(SHOWN_TIME_MESSAGE, code="out_of_range")


class Publication(models.Model):
    """The outlet an article comes from: JAMNews, Foreign Policy Blogs, RFE/RL."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = free_slug(Publication.objects, self.name)
        super().save(*args, **kwargs)


class SearchDocument(models.Func):
    """The words readers search: a weighted tsvector on PostgreSQL (title, then standfirst, then body),
    the lower-cased text on SQLite, which has no full-text type and gets a simpler search."""

    output_field = SearchVectorField()
    WEIGHTS = "ABC"

    def __init__(self):
        super().__init__(F("title"), F("standfirst"), F("body"))

    def _columns(self, compiler):
        return [compiler.compile(expression)[0] for expression in self.get_source_expressions()]

    def as_sql(self, compiler, connection, **extra_context):
        return "LOWER(" + " || ' ' || ".join(self._columns(compiler)) + ")", []

    def as_postgresql(self, compiler, connection, **extra_context):
        vectors = [
            f"setweight(to_tsvector('english'::regconfig, {column}), '{weight}')"
            for column, weight in zip(self._columns(compiler), self.WEIGHTS, strict=True)
        ]
        return " || ".join(vectors), []


class ArticleQuerySet(models.QuerySet):
    # Large columns no public page shows: left in the database unless asked for.
    UNSEEN = ["raw_text", "search_document", "imported_values"]

    def published(self):
        """Articles readers can see in lists and feeds: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=Now()).defer(*self.UNSEEN)

    def public(self):
        """Articles with a public page: published ones, and withdrawn ones (which show a notice)."""
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN],
            published_at__lte=Now(),
        ).defer(*self.UNSEEN)

    def matching(self, words: str):
        """Articles whose text has the words, or that mention a person known by them (any alias, any accent).
        Full-text search on PostgreSQL; on SQLite every word must appear in the text."""
        from people.models import Person

        by_name = Article.people.through.objects.filter(person__in=Person.objects.matching(words))
        by_text = Article.objects.filter(_text_matches(words))
        # A union of two index lookups: an OR across them would make PostgreSQL test every article's text.
        return self.filter(pk__in=by_text.values("pk").union(by_name.values("article")))

    def search(self, words: str, *, limit: int = 20):
        """The `limit` best matching() articles, each with a `snippet` of the body where the words are (in its
        first SNIPPET_SOURCE_CHARS characters).

        Ranked and cut to `limit` first; only those get a snippet, which PostgreSQL would otherwise build for
        every match before sorting (the cost that grew with the archive)."""
        articles = self.matching(words)
        if connection.vendor != "postgresql":
            return (
                self.filter(pk__in=articles.order_by("-published_at").values("pk")[:limit])
                .annotate(snippet=Left("body", SNIPPET_SOURCE_CHARS))
                .order_by("-published_at")
            )
        query = _search_query(words)
        rank = SearchRank(F("search_document"), query)
        best = articles.annotate(rank=rank).order_by("-rank", "-published_at").values("pk")[:limit]
        snippet = SearchHeadline(
            Left("body", SNIPPET_SOURCE_CHARS),
            query,
            config="english",
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_fragments=2,
        )
        return (
            self.filter(pk__in=best).annotate(rank=rank, snippet=snippet).order_by("-rank", "-published_at")
        )


# Snippets are made from the start of the body only: a headline of a whole 3 MB body costs PostgreSQL
# seconds a search, and readers see a line or two of it.
SNIPPET_SOURCE_CHARS = 20_000


def _search_query(words: str):
    return SearchQuery(words, search_type="websearch", config="english")


def _text_matches(words: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(search_document=_search_query(words))
    terms = words.lower().split()
    if not terms:
        return Q(pk__in=[])
    condition = Q()
    for term in terms:
        condition &= Q(search_document__contains=term)
    return condition


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, help_text=_("The article's address on the site."))
    standfirst = models.TextField(blank=True, help_text=_("The line under the title that sums up the story."))
    body = models.TextField(blank=True, help_text=_("Paragraphs separated by a blank line."))
    dateline_place = models.CharField(
        max_length=100, blank=True, help_text=_("Where the story was filed, e.g. Baku.")
    )
    byline = models.ManyToManyField(
        "people.Person", blank=True, related_name="articles_written", help_text=_("The authors.")
    )
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("The outlet the story comes from."),
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        validators=[validate_shown_time],
        help_text=_("When it went out on this site. Required once published; a future time schedules it."),
    )
    released_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "When the worker last emptied the cached pages for this article's publication time having come "
            "(scheduled publishing); set by the worker, never by hand."
        ),
    )
    source_published_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the outlet published the story, as far as the page tells: readers see this date."),
    )
    source_date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        blank=True,
        help_text=(
            "How much of that date is known. Month: only the month and year are shown (the first of the "
            "month is stored); empty when the page states no date."
        ),
    )
    featured = models.BooleanField(default=False, help_text=_("Shown as the lead story on the home page."))
    photo_caption = models.TextField(blank=True)
    photo_credit = models.CharField(max_length=200, blank=True, help_text=_("e.g. JAMNews."))
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="articles_mentioning", help_text=_("People it mentions.")
    )
    organizations = models.ManyToManyField(
        "people.Organization", blank=True, related_name="articles", help_text=_("Organizations it mentions.")
    )
    cases = models.ManyToManyField(
        "people.Case", blank=True, related_name="articles", help_text=_("Cases it reports on.")
    )
    comments_open = models.BooleanField(default=True, help_text=_("Readers may post comments."))
    source_comments_shown = models.BooleanField(
        default=True,
        help_text=_(
            "Show the comments copied with the page from its outlet, apart from our readers' comments."
        ),
    )
    comments_open_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Days after it went out that comments stay open; empty for the site's setting "
            "(COMMENTS_OPEN_DAYS), 0 to keep them open."
        ),
    )
    language = models.CharField(
        max_length=8,
        choices=Language,
        blank=True,
        help_text=_("The language the story is written in (the import tells it from the page's words)."),
    )
    translations = models.ManyToManyField(
        "self", blank=True, help_text=_('The same story in other languages: readers see "Also in" links.')
    )
    withdrawal_notice = models.TextField(
        blank=True, help_text=_("Shown instead of the body once the article is withdrawn: why it was.")
    )

    source_file = models.CharField(
        max_length=255, blank=True, help_text=_("The file the article was imported from.")
    )
    source_sha256 = models.CharField(
        max_length=64, blank=True, help_text=_("SHA-256 of the imported text, after normalisation.")
    )
    raw_text = models.TextField(
        blank=True, help_text=_("The imported text exactly as read, kept so nothing is lost.")
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    search_document = models.GeneratedField(
        expression=SearchDocument(),
        output_field=SearchVectorField(),
        db_persist=True,
        help_text=_("Kept by the database from the title, standfirst and body, for search."),
    )
    imported_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "What the last import wrote, so that a re-import can tell an editor's change from its own."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What editors change, field by field (newsroom.history). The raw page, the import's own snapshot, the
    # search document and the time of the last save are the article's own, not copied into every version
    # (each version has its date).
    history = HistoricalRecords(
        excluded_fields=["search_document", "raw_text", "imported_values", "updated_at"]
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # The home page's lead story: the newest featured article, without walking every article.
            models.Index(
                fields=["-published_at"], condition=Q(featured=True), name="article_featured_newest"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_published_at",
                violation_error_message=_("A published article needs a publication time."),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(published_at__isnull=False),
                name="article_withdrawn_was_published",
                violation_error_message=(
                    "Only an article that was published can be withdrawn: set its publication time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(source_published_on__isnull=True, source_date_precision="")
                | Q(source_published_on__isnull=False, source_date_precision__in=["day", "month", "year"]),
                name="article_source_date_has_precision",
                violation_error_message=_("A source date needs its precision (day, month or year)."),
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(
                    published_at__gte=datetime.datetime(FIRST_YEAR_SHOWN - 1, 12, 31, tzinfo=datetime.UTC),
                    published_at__lt=datetime.datetime(LAST_YEAR_SHOWN + 1, 1, 2, tzinfo=datetime.UTC),
                ),
                name="article_published_at_shown",
                violation_error_message=SHOWN_TIME_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["source_file"],
                condition=~Q(source_file=""),
                name="article_unique_source_file",
                violation_error_message=_("Another article was already imported from this source file."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = free_slug(Article.objects, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    def clean(self):
        # Choosing "Published" in a form without a time means "now".
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def source_date_iso(self) -> str | None:
        """The source's date as ISO 8601 to its precision (2019-01-23, 2019-01 or 2019), or None."""
        return source_date_iso(self.source_published_on, self.source_date_precision)

    # What readers read: a change to any of these after the article went out is an update they are told of.
    READ_FIELDS = ("title", "standfirst", "body", "dateline_place", "photo_caption")

    @cached_property
    def revised_at(self) -> datetime.datetime | None:
        """When the text readers read last changed after the article went out (its history says), or None:
        featuring it, opening comments or a time it was saved unchanged is no update."""
        if self.published_at is None:
            return None
        versions = self.history.order_by("history_date", "history_id")
        versions = versions.values("history_date", *self.READ_FIELDS)
        before, revised = None, None
        for version in versions.iterator():
            text = tuple(version[name] for name in self.READ_FIELDS)
            if before is not None and text != before and version["history_date"] > self.published_at:
                revised = version["history_date"]
            before = text
        return revised

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def comments_close_at(self):
        """When comments close by themselves, or None while they stay open."""
        days = settings.COMMENTS_OPEN_DAYS if self.comments_open_days is None else self.comments_open_days
        if not days or self.published_at is None:
            return None
        return self.published_at + datetime.timedelta(days=days)

    @property
    def accepts_comments(self):
        """Readers may post: comments are open, the article is published (not withdrawn or a draft), and
        its time for comments has not run out."""
        closes = self.comments_close_at
        return (
            self.comments_open
            and self.status == self.Status.PUBLISHED
            and (closes is None or timezone.now() < closes)
        )


class Note(models.Model):
    """A dated update, correction or clarification shown above the article's body."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.UPDATE)
    date = models.DateField(null=True, blank=True, help_text=_("The date the note gives."))
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Position among the article's notes."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date or ''}".strip()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def shown(self):
        """What readers see, and count, under an article: approved comments, and approved replies to them.
        Threads are one level deep; a reply under a comment not shown (rejected, or itself a reply) is not."""
        shown = self.approved().filter(
            Q(parent__isnull=True) | Q(parent__status=Comment.Status.APPROVED, parent__parent__isnull=True)
        )
        return shown.order_by("-featured", "submitted_at", "pk")  # editors' picks first

    def reported(self):
        """Approved comments readers reported that no moderator has looked at since."""
        return self.approved().filter(reports__resolved=False).distinct()


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text=_("The comment this one replies to, on the same article."),
    )
    author_name = models.CharField(max_length=100, blank=True, help_text=_("Empty for anonymous comments."))
    author_email = models.EmailField(blank=True, help_text=_("Private: never shown on the site."))
    body = models.TextField()
    body_html = models.TextField(
        blank=True, editable=False, help_text=_("The body as shown: escaped, with paragraphs and safe links.")
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    held_reason = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Why the comment was held for a closer look, e.g. many links."),
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_comments",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    imported = models.BooleanField(
        default=False, help_text=_("Came with the imported page, not posted here.")
    )
    client_hash = models.CharField(
        max_length=64, blank=True, help_text=_("Salted hash of the poster's address, for rate limits.")
    )
    featured = models.BooleanField(
        default=False, help_text=_("An editors' pick: shown first under the article.")
    )
    commenter = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_(
            "Salted hash of the commenter's email, else of their address: their history, never them."
        ),
    )

    # Moderation's history: the decisions and edits, never the commenter's email or their hashes.
    history = HistoricalRecords(excluded_fields=["author_email", "client_hash", "commenter", "body_html"])

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            # The target of the composite foreign key that keeps a reply on its parent's article
            # (added in SQL by migration 0002: Django cannot declare composite foreign keys).
            models.UniqueConstraint(fields=["id", "article"], name="comment_id_article_unique"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("id")),
                name="comment_not_own_parent",
                violation_error_message=_("A comment cannot reply to itself."),
            ),
        ]

    def __str__(self):
        who = self.author_name or gettext("Anonymous")
        return gettext("%(who)s on %(article)s") % {"who": who, "article": self.article}

    def save(self, *args, **kwargs):
        self.body_html = self.render_body()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    def render_body(self) -> str:
        """Kept on the row so that a page of a hundred comments does not linkify a hundred bodies."""
        return str(comment_html(self.body))

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            # Also a CheckConstraint, which a form cannot check: the id is not one of its fields.
            raise ValidationError({"parent": "A comment cannot reply to itself."})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": "Reply to the comment that starts the thread: threads are one level deep."}
            )
        if self.parent_id and self.pk and self.replies.exists():
            raise ValidationError({"parent": "This comment has replies, so it cannot be a reply itself."})
        if self.parent_id and self.article_id and self.parent.article_id != self.article_id:
            raise ValidationError(
                {"parent": "A reply must be on the same article as the comment it answers."}
            )


class ModerationWordQuerySet(models.QuerySet):
    def as_keys(self) -> dict[str, str]:
        """Every listed word's matching form and its list, for articles.moderation.find_words."""
        return dict(self.values_list("key", "list"))


class ModerationWord(models.Model):
    """A word or phrase editors list: a comment holding a suspect one waits with the reason, one holding a
    banned one goes to spam. Matched across scripts, diacritics and transliterations (хуйло, xuylo,
    khuilo)."""

    class List(models.TextChoices):
        SUSPECT = "suspect", _("Suspect: hold for a moderator")
        BANNED = "banned", _("Banned: send to spam")

    word = models.CharField(max_length=100, help_text=_("As readers write it, in any script."))
    key = models.CharField(
        max_length=200,
        unique=True,
        editable=False,
        help_text=_("The form it is matched in (Latin, no marks)."),
    )
    list = models.CharField(max_length=10, choices=List, default=List.SUSPECT)
    note = models.CharField(
        max_length=200, blank=True, help_text=_("Why it is listed, for other moderators.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ModerationWordQuerySet.as_manager()

    class Meta:
        ordering = ["list", "key"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        from .moderation import moderation_key

        self.key = moderation_key(self.word)
        super().save(*args, **kwargs)

    def clean(self):
        from .moderation import moderation_key

        if not moderation_key(self.word):
            raise ValidationError({"word": "Give a word with letters or digits."})
        same = ModerationWord.objects.filter(key=moderation_key(self.word)).exclude(pk=self.pk)
        if same.exists():
            raise ValidationError({"word": f"Listed already, as “{same.first().word}”."})


class CommentReport(models.Model):
    """A reader's report of an approved comment: it returns to the moderators' queue with the reason."""

    class Reason(models.TextChoices):
        PERSONAL = "personal", _("It exposes someone (an address, a phone number, a family)")
        ABUSE = "abuse", _("Abuse, threats or hate")
        SPAM = "spam", _("Spam or advertising")
        FALSE = "false", _("False information")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason)
    details = models.TextField(
        blank=True, max_length=1000, help_text=_("What the reader added, if anything.")
    )
    reporter = models.CharField(
        max_length=64,
        editable=False,
        help_text=_("Salted hash of the reader's address: one report a reader."),
    )
    resolved = models.BooleanField(default=False, help_text=_("A moderator has looked at it."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                name="comment_report_once_per_reader",
                violation_error_message=_("You reported this comment already."),
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment}"


class Tip(models.Model):
    """What a reader told us that belongs with a case, not on a page: a moderator turned their comment into a
    tip. Never published; listed on the case's admin page for editors, with the reader's email to follow
    up."""

    case = models.ForeignKey("people.Case", on_delete=models.CASCADE, related_name="tips")
    text = models.TextField()
    reader_name = models.CharField(max_length=100, blank=True)
    reader_email = models.EmailField(blank=True, help_text=_("Private: for following up, never shown."))
    comment = models.OneToOneField(
        Comment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tip",
        help_text=_("The comment it came from, kept turned away."),
    )
    note = models.TextField(blank=True, help_text=_("What the newsroom did with it."))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return gettext("Tip on %(case)s: %(text)s") % {"case": self.case, "text": self.text[:60]}


class ImportBatch(models.Model):
    """Pages an editor uploaded in the admin: previewed (the import's dry run), then imported by the worker
    once the editor confirms."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, waiting for confirmation")
        QUEUED = "queued", _("Waiting for the worker")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Done")

    status = models.CharField(max_length=20, choices=Status, default=Status.PREVIEWED)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the worker finished importing.")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("import batches")

    def __str__(self):
        return gettext("Import of %(time)s") % {"time": f"{self.created_at:%Y-%m-%d %H:%M}"}

    def get_absolute_url(self):
        return reverse("admin:articles_article_import_batch", args=[self.pk])


class ImportFile(models.Model):
    """One uploaded page, kept as uploaded until the worker imports it, with what became of it."""

    class Outcome(models.TextChoices):
        WAITING = "", _("Waiting")
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        UNCHANGED = "unchanged", _("Unchanged")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(
        max_length=255, help_text=_("The file's own name, without any folder: the article's source file.")
    )
    data = models.BinaryField(blank=True, help_text=_("The page as uploaded; emptied once imported."))
    preview = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("What the dry run found: parts, people, organizations, suggestions."),
    )
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True, default=Outcome.WAITING)
    reason = models.TextField(blank=True, help_text=_("Why the file was refused or failed."))
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("What it became."),
    )

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self):
        return self.name


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Follower(models.Model):
    """A reader who follows a person, a case or an organization by email, with no account: confirmed by a
    link sent to the address (double opt-in). The address is never shown, not even to editors."""

    email = models.EmailField()
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    case = models.ForeignKey(
        "people.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    token = models.CharField(
        max_length=64, unique=True, help_text=_("The secret in the confirm and unsubscribe links.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    digest_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("The last weekly digest covered articles published up to this time."),
    )
    last_event_id = models.BigIntegerField(
        default=0, help_text=_("Alerts were sent for the case events up to this one (by id).")
    )
    language = models.CharField(
        max_length=8,
        default="en",
        help_text=_("The language the reader subscribed in: their emails are in it."),
    )

    objects = FollowerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, case__isnull=True, organization__isnull=True)
                    | Q(person__isnull=True, case__isnull=False, organization__isnull=True)
                    | Q(person__isnull=True, case__isnull=True, organization__isnull=False)
                ),
                name="follower_follows_one_record",
            ),
            models.UniqueConstraint(
                fields=["email", "person"], condition=Q(person__isnull=False), name="follower_unique_person"
            ),
            models.UniqueConstraint(
                fields=["email", "case"], condition=Q(case__isnull=False), name="follower_unique_case"
            ),
            models.UniqueConstraint(
                fields=["email", "organization"],
                condition=Q(organization__isnull=False),
                name="follower_unique_organization",
            ),
        ]

    def __str__(self):
        return gettext("A follower of %(followed)s") % {"followed": self.followed}

    def get_absolute_url(self):
        return self.followed.get_absolute_url()

    @property
    def followed(self):
        return self.person or self.case or self.organization


class CalendarFeed(models.Model):
    """An editor's iCalendar feed of the editors' calendar, at an address with a secret token: renewing
    the token stops the old address at once (a calendar program shared by mistake)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, help_text=_("The secret in the feed's address."))
    created_at = models.DateTimeField(
        auto_now=True, help_text=_("When this address was made or last renewed.")
    )

    class Meta:
        ordering = ["user"]

    def __str__(self):
        return gettext("Calendar feed of %(user)s") % {"user": self.user}

    def get_absolute_url(self):
        return reverse("calendar-ics", args=[self.token])
