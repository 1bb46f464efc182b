from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from newsroom.admin import BOTH_PLACES, DateHierarchyMixin, HistoryAdmin, RecordAdmin, SlugFromNameMixin
from newsroom.uploads import PagesInMemory

from .forms import ArticleAdminForm, CommentAdminForm, ImportPagesForm, TipForm, WithdrawForm
from .models import (
    Article,
    CalendarFeed,
    Comment,
    CommentReport,
    Follower,
    ImportBatch,
    ImportFile,
    ModerationWord,
    Note,
    Publication,
    Tip,
)
from .moderation import find_personal_details, highlight
from .services import (
    article_feature,
    article_publish,
    article_unfeature,
    article_withdraw,
    comment_feature,
    comment_moderate,
    comment_to_tip,
    import_batch_confirm,
    import_batch_create,
)


@admin.register(Publication)
class PublicationAdmin(SlugFromNameMixin, RecordAdmin):
    list_display = ["name", "website", "article_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("Articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0
    fields = ["kind", "date", "text", "order"]


@admin.register(Article)
class ArticleAdmin(SlugFromNameMixin, DateHierarchyMixin, HistoryAdmin, RecordAdmin):
    form = ArticleAdminForm
    list_display = ["title", "publication", "status", "published_at", "featured", "comment_count"]
    list_filter = ["status", "featured", "publication", "comments_open"]
    list_select_related = ["publication"]
    search_fields = ["title", "standfirst", "body", "source_file"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["publication", "byline", "people", "organizations", "cases", "translations"]
    readonly_fields = ["source_file", "source_sha256", "imported_at", "raw_text", "created_at", "updated_at"]
    inlines = [NoteInline]
    actions = ["publish", "withdraw", "feature", "unfeature"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "standfirst", "publication", "byline", "dateline_place", "body"]},
        ),
        (_("Language"), {"fields": ["language", "translations"]}),
        ("Photo", {"fields": ["photo_caption", "photo_credit"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    ("source_published_on", "source_date_precision"),
                    "featured",
                    ("comments_open", "comments_open_days"),
                    "source_comments_shown",
                    "withdrawal_notice",
                ]
            },
        ),
        ("Links", {"fields": ["people", "organizations", "cases"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_file",
                    "source_sha256",
                    "imported_at",
                    "created_at",
                    "updated_at",
                    "raw_text",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_count=Count("comments"))

    def get_urls(self):
        # The upload view reads its files itself (in memory), so it is exempt from the CSRF middleware,
        # which would read them first, and protected inside instead (Django's upload handler docs).
        upload = self.admin_site.admin_view(csrf_exempt(self.import_pages_view))
        return [
            path("import/", upload, name="articles_article_import"),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_batch_view),
                name="articles_article_import_batch",
            ),
            *super().get_urls(),
        ]

    def _import_context(self, request, title, **extra):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self.admin_site.each_context(request) | {"title": title, "opts": self.opts, **extra}

    def import_pages_view(self, request):
        """Upload pages; they are previewed (the import's dry run) and kept until the editor confirms."""
        request.upload_handlers = [PagesInMemory(request)]
        return csrf_protect(self._import_pages)(request)

    def _import_pages(self, request):
        context = self._import_context(request, "Import pages")
        form = ImportPagesForm(request.POST, request.FILES) if request.method == "POST" else ImportPagesForm()
        if form.is_valid():
            uploads = [(file.name, file.read()) for file in form.cleaned_data["pages"]]
            batch = import_batch_create(uploads=uploads, user=request.user)
            return redirect(batch)
        batches = ImportBatch.objects.filter(made_by=request.user)[:10]
        return TemplateResponse(
            request, "admin/articles/article/import_pages.html", context | {"form": form, "batches": batches}
        )

    def import_batch_view(self, request, pk):
        """A batch's files: the preview before confirming, then each file's outcome as the worker goes."""
        batch = get_object_or_404(ImportBatch, pk=pk)
        context = self._import_context(request, f"Import pages: {batch}", batch=batch)
        if request.method == "POST" and "confirm" in request.POST:
            if import_batch_confirm(batch=batch):
                self.message_user(
                    request, gettext("The worker is importing the pages: this page shows how it goes.")
                )
            return redirect(batch)
        files = batch.files.select_related("article")
        context |= {"files": files, "importable": sum(1 for f in files if f.outcome == "")}
        return TemplateResponse(request, "admin/articles/article/import_batch.html", context)

    @admin.display(description=_("Comments"), ordering="comment_count")
    def comment_count(self, obj):
        return obj.comment_count

    @admin.action(description=_("Publish"), permissions=["change"], location=BOTH_PLACES)
    def publish(self, request, queryset):
        published = article_publish(articles=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%d article was published.", "%d articles were published.", len(published))
            % len(published),
        )

    @admin.action(description=_("Withdraw"), permissions=["change"], location=BOTH_PLACES)
    def withdraw(self, request, queryset):
        """Asks for the reason readers will see on a page of its own, which posts the action again with it."""
        form = WithdrawForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            return self._action_page(request, "withdraw", "Withdraw", queryset, form)
        reason = form.cleaned_data["reason"]
        withdrawn = article_withdraw(articles=queryset, user=request.user, reason=reason)
        self.message_user(
            request,
            ngettext("%d article was withdrawn.", "%d articles were withdrawn.", len(withdrawn))
            % len(withdrawn),
        )
        never_published = queryset.filter(published_at__isnull=True).count()
        if never_published:
            self.message_user(
                request,
                ngettext(
                    "%d article was never published, so there is nothing to withdraw.",
                    "%d articles were never published, so there is nothing to withdraw.",
                    never_published,
                )
                % never_published,
                level="warning",
            )

    @admin.action(description=_("Feature on the home page"), permissions=["change"], location=BOTH_PLACES)
    def feature(self, request, queryset):
        updated = len(article_feature(articles=queryset, user=request.user))
        self.message_user(
            request,
            ngettext("%d article is now featured.", "%d articles are now featured.", updated) % updated,
        )

    @admin.action(description=_("Stop featuring"), permissions=["change"], location=BOTH_PLACES)
    def unfeature(self, request, queryset):
        updated = len(article_unfeature(articles=queryset, user=request.user))
        self.message_user(
            request,
            ngettext("%d article is no longer featured.", "%d articles are no longer featured.", updated)
            % updated,
        )


class ModerationFilter(admin.SimpleListFilter):
    """Opens the comment list on the moderation queue: what a moderator came to see."""

    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [
            (None, "Pending moderation"),
            ("held", _("Held for a reason")),
            ("reported", _("Reported by readers")),
            ("approved", _("Approved")),
            ("rejected", _("Rejected")),
            ("spam", _("Spam")),
            ("all", _("All")),
        ]

    def choices(self, changelist):
        # The default (no parameter) is the pending queue, so "All" needs a value of its own.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup} if lookup else {}, [self.parameter_name]
                ),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.pending()
        if value == "held":
            return queryset.pending().exclude(held_reason="")
        if value == "reported":
            return queryset.reported()
        if value in Comment.Status.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(Comment)
class CommentAdmin(DateHierarchyMixin, HistoryAdmin, RecordAdmin):
    form = CommentAdminForm
    list_display = [
        "snippet", "article_title", "author_name", "status", "held_reason", "report_reasons", "featured",
        "submitted_at",
    ]  # fmt: skip
    list_filter = [ModerationFilter, "featured", "imported", "submitted_at"]
    list_select_related = ["article"]
    search_fields = ["body", "author_name", "article__title"]
    date_hierarchy = "submitted_at"
    autocomplete_fields = ["article", "parent"]
    readonly_fields = [
        "submitted_at", "moderated_by", "moderated_at", "imported", "client_hash", "details_marked",
        "history",
    ]  # fmt: skip
    actions = ["approve", "reject", "mark_spam", "feature", "unfeature", "to_tip"]
    fieldsets = [
        (None, {"fields": ["article", "parent", "author_name", "body"]}),
        (
            "Moderation",
            {
                "fields": [
                    "status",
                    "held_reason",
                    "details_marked",
                    "history",
                    "moderated_by",
                    "moderated_at",
                ]
            },
        ),
        (
            "Private",
            {
                "classes": ["collapse"],
                "description": "Never shown on the site.",
                "fields": ["author_email", "client_hash", "submitted_at", "imported"],
            },
        ),
    ]

    @admin.display(description=_("Comment"))
    def snippet(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.display(description=_("Reports"))
    def report_reasons(self, obj):
        """What readers said of it, from the reports no moderator has answered yet."""
        reasons = [report.get_reason_display() for report in obj.reports.all() if not report.resolved]
        return "; ".join(reasons) or "-"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("reports")

    @admin.display(description=_("Personal details"))
    def details_marked(self, obj):
        """The comment with every phone number, address, email, identity number and plate marked."""
        findings = find_personal_details(obj.body)
        return highlight(obj.body, findings) if findings else gettext("None found.")

    @admin.display(description=_("Commenter's history"))
    def history(self, obj):
        """How this commenter's comments fared (by their email's hash, else their address's), linked."""
        if not obj.commenter:
            return gettext("Not known.")
        counts = dict(
            Comment.objects.filter(commenter=obj.commenter)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        summary = ", ".join(
            f"{counts.get(status, 0)} {label.lower()}" for status, label in Comment.Status.choices
        )
        url = reverse("admin:articles_comment_changelist") + f"?moderation=all&commenter={obj.commenter}"
        return format_html('{} (<a href="{}">{}</a>)', summary, url, gettext("see them"))

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "commenter" or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("Article"), ordering="article__title")
    def article_title(self, obj):
        return Truncator(obj.article.title).chars(60)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, status) -> int:
        return len(comment_moderate(comments=queryset, status=status, user=request.user))

    @admin.action(description=_("Approve"), permissions=["change"], location=BOTH_PLACES)
    def approve(self, request, queryset):
        updated = self._moderate(request, queryset, Comment.Status.APPROVED)
        self.message_user(
            request, ngettext("%d comment was approved.", "%d comments were approved.", updated) % updated
        )

    @admin.action(description=_("Reject"), permissions=["change"], location=BOTH_PLACES)
    def reject(self, request, queryset):
        updated = self._moderate(request, queryset, Comment.Status.REJECTED)
        self.message_user(
            request, ngettext("%d comment was rejected.", "%d comments were rejected.", updated) % updated
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"], location=BOTH_PLACES)
    def mark_spam(self, request, queryset):
        updated = self._moderate(request, queryset, Comment.Status.SPAM)
        self.message_user(
            request,
            ngettext("%d comment was marked as spam.", "%d comments were marked as spam.", updated) % updated,
        )

    @admin.action(description=_("Feature: an editors' pick, shown first"), permissions=["change"])
    def feature(self, request, queryset):
        changed = len(comment_feature(comments=queryset, featured=True, user=request.user))
        self.message_user(
            request, ngettext("%d comment was featured.", "%d comments were featured.", changed) % changed
        )

    @admin.action(description=_("Turn into a private tip on a case"), permissions=["change"])
    def to_tip(self, request, queryset):
        """Asks for the case on a page of its own, which posts the action again with it."""
        form = TipForm(request.POST if "case" in request.POST else None)
        if not form.is_valid():
            return self._action_page(request, "to_tip", "Turn into tips", queryset, form)
        tips = comment_to_tip(comments=queryset, case=form.cleaned_data["case"], user=request.user)
        self.message_user(
            request,
            ngettext("%d comment is now a private tip.", "%d comments are now private tips.", len(tips))
            % len(tips),
        )

    @admin.action(description=_("No longer featured"), permissions=["change"])
    def unfeature(self, request, queryset):
        changed = len(comment_feature(comments=queryset, featured=False, user=request.user))
        self.message_user(
            request,
            ngettext("%d comment is no longer featured.", "%d comments are no longer featured.", changed)
            % changed,
        )


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    """Readers' tips on cases, from their comments: never published."""

    list_display = ["case", "reader_name", "text", "created_at"]
    list_select_related = ["case__person"]
    search_fields = ["text", "reader_name", "case__person__name"]
    autocomplete_fields = ["case"]
    readonly_fields = ["comment", "made_by", "created_at"]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    """Readers' reports; a moderator's decision on the comment answers them all."""

    list_display = ["comment", "reason", "details", "resolved", "created_at"]
    list_filter = ["resolved", "reason"]
    list_select_related = ["comment__article"]
    search_fields = ["details", "comment__body"]
    readonly_fields = ["comment", "reason", "details", "created_at"]
    fields = ["comment", "reason", "details", "resolved", "created_at"]

    def has_add_permission(self, request):
        return False  # reports come from readers


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    """Words that hold a comment for a moderator, or send it to spam; matched in any script."""

    list_display = ["word", "list", "key", "note", "created_at"]
    list_filter = ["list"]
    search_fields = ["word", "key", "note"]
    readonly_fields = ["key", "created_at"]


@admin.register(Note)
class NoteAdmin(DateHierarchyMixin, HistoryAdmin, RecordAdmin):
    """Every update, correction and clarification across articles, newest first."""

    list_display = ["__str__", "article", "text_snippet"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["text", "article__title"]
    date_hierarchy = "date"
    autocomplete_fields = ["article"]
    ordering = ["-date", "-pk"]

    @admin.display(description=_("Text"))
    def text_snippet(self, obj):
        return Truncator(obj.text).chars(100)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records only the import page and the worker write: editors look, never edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportFileInline(admin.TabularInline):
    model = ImportFile
    fields = ["name", "outcome", "reason", "article"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(DateHierarchyMixin, ReadOnlyAdmin):
    list_display = ["__str__", "made_by", "status", "finished_at", "status_page"]
    list_filter = ["status"]
    list_select_related = ["made_by"]
    search_fields = ["files__name"]
    date_hierarchy = "created_at"
    inlines = [ImportFileInline]

    @admin.display(description=_("Files and outcomes"))
    def status_page(self, obj):
        return format_html('<a href="{}">Show</a>', obj.get_absolute_url())


@admin.register(ImportFile)
class ImportFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "batch", "outcome", "reason", "article"]
    list_filter = ["outcome"]
    list_select_related = ["batch", "article"]
    search_fields = ["name"]
    exclude = ["data"]


@admin.register(Follower)
class FollowerAdmin(ReadOnlyAdmin):
    """Readers who follow a record by email: editors see how many follow what, never an address."""

    list_display = ["followed", "confirmed"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["person", "case__person", "organization"]
    search_fields = ["person__name", "case__person__name", "organization__name"]
    fields = ["followed", "confirmed", "created_at"]
    readonly_fields = fields

    @admin.display(boolean=True, description=_("Confirmed"))
    def confirmed(self, obj):
        return obj.confirmed_at is not None


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Editors' calendar feeds: whose, and when last renewed; the secret addresses are never listed."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    fields = ["user", "created_at"]
    readonly_fields = fields
