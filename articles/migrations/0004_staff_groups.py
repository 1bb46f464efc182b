from django.db import migrations

from newsroom.roles import sync_groups


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_comment_parent_same_article"),
        ("people", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
