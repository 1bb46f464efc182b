from django.db import migrations

from newsroom.roles import sync_groups


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_name_suggestion"),
        ("articles", "0004_staff_groups"),
    ]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
