from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    """The cache's table, when the cache is the database (no REDIS_URL): so that migrate is all a new
    site needs. Nothing when the cache is Redis; after switching from Redis to none, run
    `manage.py createcachetable`."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_comment_body_html_featured_index")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
