from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import CalendarFeed, Tip
from newsroom.admin import BOTH_PLACES, DateHierarchyMixin, HistoryAdmin, RecordAdmin, SlugFromNameMixin

from .calendar import calendar_page
from .models import (
    Affiliation,
    Alias,
    Case,
    CaseEvent,
    CaseNote,
    CaseParticipant,
    Charge,
    ChargeStep,
    Court,
    Facility,
    ListEdition,
    ListEntry,
    NameSuggestion,
    Organization,
    Person,
    Recognition,
    Role,
    SlugRedirect,
)
from .services import (
    EditionError,
    MergeError,
    calendar_feed_renew,
    case_refresh_from_timeline,
    list_edition_publish,
    organization_merge,
    person_merge,
    person_spellings_add,
    suggestion_accept_as_alias,
    suggestion_accept_as_organization,
    suggestion_accept_as_organization_alias,
    suggestion_accept_as_person,
    suggestions_dismiss,
)


@admin.register(Role)
class RoleAdmin(RecordAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["name", "kind", "generated"]
    readonly_fields = ["generated"]


class PersonAffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    fields = ["organization", "role", "started_on", "ended_on"]
    autocomplete_fields = ["organization"]


class OrganizationAffiliationInline(PersonAffiliationInline):
    fields = ["person", "role", "started_on", "ended_on"]
    autocomplete_fields = ["person"]


class CaseInline(admin.TabularInline):
    model = Case
    extra = 0
    fields = ["status", "arrested_on", "sentence", "released_on"]
    show_change_link = True


class MergeMixin:
    """An action that merges the selected records into the one the editor chooses to keep (a page asks
    which), through the model's merge service."""

    merge_service = None

    @admin.action(description=_("Merge the selected records into one…"), permissions=["delete"])
    def merge(self, request, queryset):
        records = list(queryset)
        if len(records) < 2:
            self.message_user(request, gettext("Select at least two records to merge."), messages.WARNING)
            return None
        keep = request.POST.get("keep")
        if request.POST.get("post") == "yes" and keep:
            target = next((r for r in records if str(r.pk) == keep), None)
            if target is None:
                self.message_user(
                    request, gettext("Choose one of the selected records to keep."), messages.ERROR
                )
                return None
            merged = []
            for source in records:
                if source.pk == target.pk:
                    continue
                try:
                    type(self).merge_service(source=source, target=target, user=request.user)
                except MergeError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                merged.append(source.name)
            self.log_change(request, target, f"Merged into it: {', '.join(merged)}.")
            self.message_user(
                request,
                ngettext(
                    "%(count)d record was merged into %(target)s.",
                    "%(count)d records were merged into %(target)s.",
                    len(merged),
                )
                % {"count": len(merged), "target": target},
            )
            return None
        context = self.admin_site.each_context(request) | {
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "records": records,
            "opts": self.model._meta,
            "action_name": "merge",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/people/merge.html", context)


class SlugRedirectInline(admin.TabularInline):
    model = SlugRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["old_slug", "created_at"]
    verbose_name_plural = _("old addresses (merged records), redirected here")

    def has_add_permission(self, request, obj=None):
        return False  # made by merging


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Old addresses of merged records; made by merging, deleted if an address should answer 404 again."""

    list_display = ["old_slug", "person", "organization", "created_at"]
    list_select_related = ["person", "organization"]
    search_fields = ["old_slug", "person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]
    readonly_fields = ["created_at"]


@admin.register(Person)
class PersonAdmin(MergeMixin, SlugFromNameMixin, HistoryAdmin, RecordAdmin):
    merge_service = person_merge
    actions = ["merge"]
    list_display = ["name", "role_list", "country", "alias_count", "updated_at"]
    list_filter = ["roles", "country"]
    search_fields = ["name", "aliases__name", "aliases__folded"]
    filter_horizontal = ["roles"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AliasInline, PersonAffiliationInline, CaseInline, SlugRedirectInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "roles", "country", ("born_on", "born_on_precision"), "bio"]}),
        (_("Bio in other languages"), {"classes": ["collapse"], "fields": ["bio_az", "bio_ru"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alias_count=Count("aliases")).prefetch_related("roles")

    @admin.display(description=_("Roles"))
    def role_list(self, obj):
        return ", ".join(role.name for role in obj.roles.all())

    @admin.display(description=_("Aliases"), ordering="alias_count")
    def alias_count(self, obj):
        return obj.alias_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # after the editor's own aliases, so that none is spelt twice
            person_spellings_add(person=form.instance)


@admin.register(Organization)
class OrganizationAdmin(MergeMixin, SlugFromNameMixin, HistoryAdmin, RecordAdmin):
    merge_service = organization_merge
    actions = ["merge"]
    list_display = ["name", "abbreviation", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "abbreviation", "aliases__name", "aliases__folded"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AliasInline, OrganizationAffiliationInline, SlugRedirectInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "abbreviation", "kind", "country", "website", "description"]}),
        (
            _("Description in other languages"),
            {"classes": ["collapse"], "fields": ["description_az", "description_ru"]},
        ),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]


@admin.register(Alias)
class AliasAdmin(HistoryAdmin, RecordAdmin):
    list_display = ["name", "kind", "generated", "person", "organization"]
    list_filter = ["kind", "generated"]
    list_select_related = ["person", "organization"]
    search_fields = ["name", "folded", "person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Affiliation)
class AffiliationAdmin(RecordAdmin):
    list_display = ["person", "organization", "role", "started_on", "ended_on"]
    list_select_related = ["person", "organization"]
    search_fields = ["person__name", "organization__name", "role"]
    autocomplete_fields = ["person", "organization"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ["date", "date_precision", "kind", "description", "source_articles", "internal"]
    autocomplete_fields = ["source_articles"]
    show_change_link = True  # the description in other languages is on the event's own page


class ChargeInline(admin.TabularInline):
    """Each charge's dated history (brought, changed, dropped, convicted…) is kept on its own page."""

    model = Charge
    extra = 0
    fields = ["article", "description"]
    show_change_link = True


class CaseParticipantInline(admin.TabularInline):
    model = CaseParticipant
    extra = 0
    fields = ["person", "role", "court"]
    autocomplete_fields = ["person", "court"]


class CaseNoteInline(admin.StackedInline):
    """Editors only: contacts and unconfirmed reports that must never reach a page."""

    model = CaseNote
    extra = 0
    fields = ["kind", "text"]
    verbose_name_plural = _("internal notes (editors only, never public)")


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["organization", "kind", "recognised_on", "source", "source_url"]
    autocomplete_fields = ["organization"]


class ReleaseUnconfirmedFilter(admin.SimpleListFilter):
    """Sentences that have ended with no release recorded: someone should find out and add the event."""

    title = _("release")
    parameter_name = "release"

    def lookups(self, request, model_admin):
        return [("unconfirmed", _("Sentence ended, release unconfirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "unconfirmed":
            return queryset.release_unconfirmed()
        return queryset


class TipInline(admin.StackedInline):
    """Readers' tips on this case, from comments moderators turned into tips: for editors only."""

    model = Tip
    extra = 0
    fields = ["text", "reader_name", "reader_email", "note", "comment", "created_at"]
    readonly_fields = ["text", "reader_name", "reader_email", "comment", "created_at"]
    verbose_name_plural = _("Readers' tips (private)")

    def has_add_permission(self, request, obj=None):
        return False  # a tip comes from a comment


@admin.register(Case)
class CaseAdmin(SlugFromNameMixin, DateHierarchyMixin, HistoryAdmin, RecordAdmin):
    list_display = ["__str__", "status", "arrested_on", "sentence", "expected_release_on", "released_on"]
    list_filter = [ReleaseUnconfirmedFilter, "status"]
    list_select_related = ["person"]
    search_fields = [
        "person__name",
        "person__aliases__name",
        "charges__description",
        "facility__name",
        "slug",
    ]
    date_hierarchy = "arrested_on"
    autocomplete_fields = ["person", "facility"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [
        ChargeInline, CaseEventInline, RecognitionInline, CaseParticipantInline, CaseNoteInline, TipInline,
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["person", "slug", ("status", "status_by_hand"), "summary"]}),
        (_("Summary in other languages"), {"classes": ["collapse"], "fields": ["summary_az", "summary_ru"]}),
        (
            "Charges and sentence",
            {
                "description": "Status and dates follow the timeline below when saved, unless set by hand.",
                "fields": [
                    ("arrested_on", "arrested_on_precision", "arrested_on_by_hand"),
                    ("sentenced_on", "sentenced_on_precision", "sentenced_on_by_hand"),
                    "sentence",
                    ("expected_release_on", "expected_release_on_precision"),
                    ("released_on", "released_on_precision", "released_on_by_hand"),
                    "facility",
                ],
            },
        ),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_urls(self):
        calendar = self.admin_site.admin_view(self.calendar_view)
        return [path("calendar/", calendar, name="people_case_calendar"), *super().get_urls()]

    def calendar_view(self, request):
        """The editors' calendar by month (the default) or week, and the editor's own feed address."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "renew" in request.POST:
            calendar_feed_renew(user=request.user)
            self.message_user(
                request, gettext("Your calendar feed has a new address; the old one no longer works.")
            )
            return redirect(request.get_full_path())
        context = self.admin_site.each_context(request) | {"opts": self.opts}
        context |= calendar_page(request.GET, today=timezone.localdate())
        feed = CalendarFeed.objects.filter(user=request.user).first()
        context["feed_url"] = request.build_absolute_uri(feed.get_absolute_url()) if feed else None
        return TemplateResponse(request, "admin/people/case/calendar.html", context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = case_refresh_from_timeline(case=form.instance)
        if changed:
            facts = [Case._meta.get_field(f).verbose_name for f in changed if not f.endswith("_precision")]
            self.message_user(
                request,
                gettext("Updated from the timeline: %(facts)s.") % {"facts": ", ".join(map(str, facts))},
            )


class ChargeStepInline(admin.TabularInline):
    model = ChargeStep
    extra = 1
    fields = ["kind", "date", "date_precision", "court", "description", "source_articles"]
    autocomplete_fields = ["court", "source_articles"]


@admin.register(Charge)
class ChargeAdmin(HistoryAdmin, RecordAdmin):
    list_display = ["__str__", "case"]
    list_select_related = ["case__person"]
    search_fields = ["article", "description", "case__person__name"]
    autocomplete_fields = ["case"]
    inlines = [ChargeStepInline]


@admin.register(ChargeStep)
class ChargeStepAdmin(DateHierarchyMixin, HistoryAdmin, RecordAdmin):
    list_display = ["charge", "kind", "date", "court"]
    list_filter = ["kind", "court__level"]
    list_select_related = ["charge__case__person", "court"]
    search_fields = ["charge__description", "charge__article", "charge__case__person__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["charge", "court", "source_articles"]


@admin.register(Court)
class CourtAdmin(RecordAdmin):
    list_display = ["name", "level", "country"]
    list_filter = ["level", "country"]
    search_fields = ["name"]


@admin.register(CaseParticipant)
class CaseParticipantAdmin(RecordAdmin):
    list_display = ["person", "role", "case", "court"]
    list_filter = ["role"]
    list_select_related = ["person", "case__person", "court"]
    search_fields = ["person__name", "case__person__name"]
    autocomplete_fields = ["person", "case", "court"]


@admin.register(CaseNote)
class CaseNoteAdmin(RecordAdmin):
    list_display = ["case", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["case__person"]
    search_fields = ["case__person__name", "text"]
    autocomplete_fields = ["case"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Facility)
class FacilityAdmin(SlugFromNameMixin, RecordAdmin):
    list_display = ["name", "country", "case_count"]
    list_filter = ["country"]
    search_fields = ["name", "postal_address"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "postal_address", "letters"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(case_count=Count("cases"))

    @admin.display(description=_("Cases"), ordering="case_count")
    def case_count(self, obj):
        return obj.case_count


@admin.register(Recognition)
class RecognitionAdmin(RecordAdmin):
    list_display = ["case", "organization", "kind", "recognised_on"]
    list_filter = ["kind"]
    list_select_related = ["case__person", "organization"]
    search_fields = ["case__person__name", "organization__name", "source"]
    autocomplete_fields = ["case", "organization"]


@admin.register(CaseEvent)
class CaseEventAdmin(DateHierarchyMixin, HistoryAdmin, RecordAdmin):
    list_display = ["case", "date", "kind", "description", "internal"]
    list_filter = ["kind", "internal"]
    list_select_related = ["case__person"]
    search_fields = ["case__person__name", "description"]
    date_hierarchy = "date"
    autocomplete_fields = ["case", "source_articles"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        case_refresh_from_timeline(case=form.instance.case)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        case_refresh_from_timeline(case=obj.case)

    def delete_queryset(self, request, queryset):
        cases = {event.case for event in queryset.select_related("case")}
        super().delete_queryset(request, queryset)
        for case in cases:
            case_refresh_from_timeline(case=case)


@admin.register(NameSuggestion)
class NameSuggestionAdmin(RecordAdmin):
    """Names the import saw that match no record: accept as a new person, as an alias, or dismiss."""

    list_display = ["name", "kind", "seen_as", "article", "context", "status"]
    list_filter = ["status", "kind", "seen_as"]
    list_select_related = ["article"]
    search_fields = ["name", "folded", "context", "article__title"]
    autocomplete_fields = ["person", "organization"]
    readonly_fields = [
        "name", "kind", "organization_kind", "article", "seen_as", "context", "bio", "status", "decided_by",
        "decided_at",
    ]  # fmt: skip
    fields = [
        "name", "kind", "organization_kind", "article", "seen_as", "context", "bio", "person", "organization",
        "status", "decided_by", "decided_at",
    ]  # fmt: skip
    actions = ["accept_as_new_people", "accept_as_new_organizations", "dismiss"]

    def has_add_permission(self, request):
        return False  # suggestions come from the import

    def save_model(self, request, obj, form, change):
        if "person" in form.changed_data and obj.person and obj.status == NameSuggestion.Status.PENDING:
            suggestion_accept_as_alias(suggestion=obj, person=obj.person, user=request.user)
            self.message_user(
                request,
                gettext("“%(name)s” is now recorded as %(record)s.")
                % {"name": obj.name, "record": obj.person},
            )
            return
        if (
            "organization" in form.changed_data
            and obj.organization
            and obj.status == NameSuggestion.Status.PENDING
        ):
            suggestion_accept_as_organization_alias(
                suggestion=obj, organization=obj.organization, user=request.user
            )
            self.message_user(
                request,
                gettext("“%(name)s” is now recorded as %(record)s.")
                % {"name": obj.name, "record": obj.organization},
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Accept as new organizations"), permissions=["change"], location=BOTH_PLACES)
    def accept_as_new_organizations(self, request, queryset):
        organizations = []
        for suggestion in queryset.pending().order_by("folded"):
            suggestion.refresh_from_db(
                fields=["status"]
            )  # taken already with an earlier one of the same name?
            if suggestion.status == NameSuggestion.Status.PENDING:
                organizations.append(
                    suggestion_accept_as_organization(suggestion=suggestion, user=request.user)
                )
        self.message_user(
            request,
            ngettext("%d organization was added.", "%d organizations were added.", len(organizations))
            % len(organizations),
        )

    @admin.action(description=_("Accept as new people"), permissions=["change"], location=BOTH_PLACES)
    def accept_as_new_people(self, request, queryset):
        people = []
        for suggestion in queryset.pending().order_by("folded"):
            suggestion.refresh_from_db(
                fields=["status"]
            )  # taken already with an earlier one of the same name?
            if suggestion.status == NameSuggestion.Status.PENDING:
                people.append(suggestion_accept_as_person(suggestion=suggestion, user=request.user))
        self.message_user(
            request, ngettext("%d person was added.", "%d people were added.", len(people)) % len(people)
        )

    @admin.action(description=_("Dismiss: no one to record"), permissions=["change"], location=BOTH_PLACES)
    def dismiss(self, request, queryset):
        dismissed = suggestions_dismiss(suggestions=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%d suggestion was dismissed.", "%d suggestions were dismissed.", dismissed) % dismissed,
        )


class ListEntryInline(admin.TabularInline):
    """The entries publishing made: read only, as the edition is frozen."""

    model = ListEntry
    fields = ["person_name", "change", "status", "arrested_on", "arrested_on_precision", "facility_name"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ListEdition)
class ListEditionAdmin(DateHierarchyMixin, RecordAdmin):
    list_display = ["title", "as_of", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    date_hierarchy = "as_of"
    readonly_fields = ["status", "published_at", "published_by"]
    inlines = [ListEntryInline]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [*self.readonly_fields, "as_of"]  # its entries say who was held on this day
        return self.readonly_fields

    @admin.action(
        description=_("Publish the selected editions"), permissions=["change"], location=BOTH_PLACES
    )
    def publish(self, request, queryset):
        published = []
        for edition in queryset.order_by("as_of"):
            try:
                published.append(list_edition_publish(edition=edition, user=request.user))
            except EditionError as error:
                self.message_user(request, str(error), messages.WARNING)
        self.message_user(
            request,
            ngettext("%d edition was published.", "%d editions were published.", len(published))
            % len(published),
        )


@admin.register(ListEntry)
class ListEntryAdmin(admin.ModelAdmin):
    """Entries of published editions, to search across them: made only by publishing, never edited."""

    list_display = ["person_name", "edition", "change", "status", "facility_name"]
    list_filter = ["change", "edition"]
    search_fields = ["person_name", "case_slug"]
    list_select_related = ["edition"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
