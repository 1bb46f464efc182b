from django.contrib import admin
from django.db.models import Count

from .models import Affiliation, Alias, Case, CaseEvent, Organization, Person, Recognition, Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["name", "kind"]


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


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role_list", "country", "alias_count", "updated_at"]
    list_filter = ["roles", "country"]
    search_fields = ["name", "aliases__name", "aliases__folded"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["roles"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AliasInline, PersonAffiliationInline, CaseInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "roles", "country", "bio"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alias_count=Count("aliases")).prefetch_related("roles")

    @admin.display(description="Roles")
    def role_list(self, obj):
        return ", ".join(role.name for role in obj.roles.all())

    @admin.display(description="Aliases", ordering="alias_count")
    def alias_count(self, obj):
        return obj.alias_count


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "abbreviation", "aliases__name", "aliases__folded"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AliasInline, OrganizationAffiliationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "abbreviation", "kind", "country", "website", "description"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "person", "organization"]
    list_filter = ["kind"]
    list_select_related = ["person", "organization"]
    search_fields = ["name", "folded", "person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "role", "started_on", "ended_on"]
    list_select_related = ["person", "organization"]
    search_fields = ["person__name", "organization__name", "role"]
    autocomplete_fields = ["person", "organization"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ["date", "date_precision", "kind", "description", "source_articles"]
    autocomplete_fields = ["source_articles"]


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["organization", "kind", "recognised_on", "source", "source_url"]
    autocomplete_fields = ["organization"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "arrested_on", "sentence", "expected_release_on", "released_on"]
    list_filter = ["status"]
    list_select_related = ["person"]
    search_fields = ["person__name", "person__aliases__name", "charges", "facility", "slug"]
    date_hierarchy = "arrested_on"
    autocomplete_fields = ["person"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CaseEventInline, RecognitionInline]
    fieldsets = [
        (None, {"fields": ["person", "slug", "status", "summary"]}),
        (
            "Charges and sentence",
            {
                "fields": [
                    "charges",
                    "arrested_on",
                    "sentenced_on",
                    "sentence",
                    "expected_release_on",
                    "released_on",
                    "facility",
                ]
            },
        ),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["case", "organization", "kind", "recognised_on"]
    list_filter = ["kind"]
    list_select_related = ["case__person", "organization"]
    search_fields = ["case__person__name", "organization__name", "source"]
    autocomplete_fields = ["case", "organization"]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "date", "kind", "description"]
    list_filter = ["kind"]
    list_select_related = ["case__person"]
    search_fields = ["case__person__name", "description"]
    date_hierarchy = "date"
    autocomplete_fields = ["case", "source_articles"]
