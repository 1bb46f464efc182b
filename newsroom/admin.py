"""The project's admin site: Django's, with login attempts rate limited per client address."""

import datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from newsroom.caching import records_changed
from newsroom.clients import client_address, client_hash, rate_limited
from newsroom.history import changes_between, with_reason

# Newsroom actions are offered on the list and on each record's own page.
BOTH_PLACES = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


class RecordAdmin(admin.ModelAdmin):
    """The ModelAdmin of every newsroom record: each save and delete names the records it changed to the
    page cache, with the copy from before a save: unpublishing shows at once, and a draft keeps the cache."""

    def _action_page(self, request, action_name, action_title, items, form):
        """An action's own page asking for what it needs (templates/admin/<app>/<model>/<action>.html, which
        extends admin/action_page.html), posting the action again with it."""
        context = self.admin_site.each_context(request) | {
            "title": action_title,
            "opts": self.opts,
            "items": items,
            "form": form,
            "action_name": action_name,
            "action_title": action_title,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        template = f"admin/{self.opts.app_label}/{self.opts.model_name}/{action_name}.html"
        return TemplateResponse(request, template, context)

    def save_model(self, request, obj, form, change):
        before = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        records_changed(*filter(None, [before, obj]))

    def save_related(self, request, form, formsets, change):
        # Links and inlines (notes, aliases, case events) show where the record shows, and only there.
        super().save_related(request, form, formsets, change)
        records_changed(form.instance)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        records_changed(obj)  # after: "delete selected" runs in no transaction, so this empties at once

    def delete_queryset(self, request, queryset):
        records = list(queryset)
        super().delete_queryset(request, queryset)
        records_changed(*records)


class HistoryAdmin(SimpleHistoryAdmin):
    """For a record with a history (newsroom.history): its History page lists every version (who, when, why,
    what changed from the version before), compares any two chosen versions, and restores one: the
    version's form, saved as any edit is (so the cache hears of it), with the reason saying which it was."""

    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.history_compare_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_history_compare",
        )
        return [compare, *super().get_urls()]  # before simple-history's <id>/history/<version>/

    def history_compare_view(self, request, object_id):
        versions = self.model.history.filter(id=object_id, history_id__in=_ids(request, "older", "newer"))
        versions = list(versions.select_related("history_user").order_by("history_date", "history_id"))
        if len(versions) != 2:
            raise Http404(gettext("Choose two versions of this record to compare."))
        older, newer = versions
        if not self.has_view_history_or_change_history_permission(request, newer.instance):
            raise PermissionDenied
        context = self.admin_site.each_context(request) | {
            "title": gettext("Changes to %(record)s") % {"record": newer.instance},
            "opts": self.opts,
            "object": newer.instance,
            "object_id": object_id,
            "older": older,
            "newer": newer,
            "changes": changes_between(older, newer),
            "revert_disabled": self.revert_disabled(request, newer.instance),
        }
        return TemplateResponse(request, "admin/history/compare.html", context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """What changed from the version before, as the comparison shows it (one way of reading changes)."""
        records = list(historical_records)
        for newer, older in zip(records, [*records[1:], None], strict=True):
            older = older or newer.prev_record  # the oldest on this page: its predecessor is on the next
            newer.history_delta_changes = changes_between(older, newer) if older else []

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history shows a version to whoever may view the record and saves what is posted back: only
        # those who may change the record may restore it.
        record = self.get_object(request, object_id)
        if request.method == "POST" and not self.has_change_history_permission(request, record):
            raise PermissionDenied
        request.restoring_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        version_id = getattr(request, "restoring_version", None)
        if version_id is not None:
            version = self.model.history.filter(history_id=version_id).first()
            when = version_id
            if version:
                when = formats.date_format(timezone.localtime(version.history_date), "j F Y, H:i:s")
            with_reason(f"Restored the version of {when}.", obj)
        super().save_model(request, obj, form, change)


def _ids(request, *names: str) -> list[int]:
    values = [request.GET.get(name, "") for name in names]
    return [int(value) for value in values if value.isascii() and value.isdigit()]


class DateHierarchyMixin:
    """For a ModelAdmin with date_hierarchy: a year its dates cannot reach (?published_at__year=9999 has no
    next year; year 1 in Baku is year 0 in UTC) is a bad address, shown as Django shows any (the list again),
    not a 500."""

    def get_changelist_instance(self, request):
        year = request.GET.get(f"{self.date_hierarchy}__year") if self.date_hierarchy else None
        if year is not None and not (year.isdigit() and datetime.MINYEAR < int(year) < datetime.MAXYEAR):
            raise IncorrectLookupParameters(f"No dates in the year {year}.")
        return super().get_changelist_instance(request)


class SlugFromNameMixin:
    """The slug may be left empty: save() then makes it from the name, transliterated and numbered if taken,
    so that a second "Ali Aliyev" gets ali-aliyev-2. (prepopulated_fields is not used: its script spells
    Cyrillic its own way and cannot know which slugs are taken.)"""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "slug" in form.base_fields:
            slug = form.base_fields["slug"]
            slug.required = False
            slug.help_text = format_lazy(
                "{} {}", slug.help_text or "", _("Leave empty to make it from the name.")
            )
        return form


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Newsroom"
    site_title = _("Newsroom admin")
    index_title = _("Records")

    def login(self, request, extra_context=None):
        if request.method == "POST":
            key = f"admin-login:{client_hash(client_address(request))}"
            limit, window = settings.ADMIN_LOGIN_RATE_LIMIT, settings.ADMIN_LOGIN_RATE_WINDOW
            if rate_limited(key=key, limit=limit, window=window):
                context = self.each_context(request) | {
                    "title": gettext("Too many attempts"),
                    "minutes": window // 60,
                }
                return render(request, "admin/login_rate_limited.html", context, status=429)
        return super().login(request, extra_context)
