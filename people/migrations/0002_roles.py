from django.db import migrations

ROLES = ["Activist", "Author", "Blogger", "Journalist", "Lawyer", "Official", "Politician"]


def add_roles(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for name in ROLES:
        Role.objects.get_or_create(slug=name.lower(), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
