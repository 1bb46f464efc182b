"""The newsroom's staff groups and what each may do. Migrations call sync_groups() with historical models."""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
MODERATORS = "Moderators"

# Editors keep every newsroom record; moderators keep comments and may only look at the rest.
EDITOR_APPS = ("articles", "people")
# Editors also see the background tasks' results, errors included (the worker writes them).
EDITOR_VIEWS = {"django_tasks_database": ("dbtaskresult",)}
MODERATOR_PERMISSIONS = {
    "articles": {
        "comment": ("view", "change"),
        "moderationword": ("view", "add", "change", "delete"),
        "commentreport": ("view", "change"),
        "article": ("view",),
        "note": ("view",),
        "publication": ("view",),
    },
}


def sync_groups(apps, schema_editor=None):
    """Create the groups and give them their permissions; safe to run again after new models arrive."""
    # Permissions are normally made after migrate finishes; make them now so the groups can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
    for app_label, models in EDITOR_VIEWS.items():
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model__in=models,
                codename__in=[f"view_{model}" for model in models],
            )
        )

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    for app_label, models in MODERATOR_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            moderators.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=codenames,
                )
            )
