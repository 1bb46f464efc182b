"""The project's admin site: Django's, with login attempts rate limited per client address."""

import datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.shortcuts import render
from django.template.response import TemplateResponse

from newsroom.caching import records_changed
from newsroom.clients import client_address, client_hash, rate_limited

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
            slug.help_text = " ".join(filter(None, [slug.help_text, "Leave empty to make it from the name."]))
        return form


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Newsroom"
    site_title = "Newsroom admin"
    index_title = "Records"

    def login(self, request, extra_context=None):
        if request.method == "POST":
            key = f"admin-login:{client_hash(client_address(request))}"
            limit, window = settings.ADMIN_LOGIN_RATE_LIMIT, settings.ADMIN_LOGIN_RATE_WINDOW
            if rate_limited(key=key, limit=limit, window=window):
                context = self.each_context(request) | {"title": "Too many attempts", "minutes": window // 60}
                return render(request, "admin/login_rate_limited.html", context, status=429)
        return super().login(request, extra_context)
