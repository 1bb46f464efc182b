from django.db import migrations

from newsroom.roles import sync_groups


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0014_article_released_at'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    # Editors see the background tasks' results and errors.
    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
