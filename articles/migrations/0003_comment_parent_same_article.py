"""A reply must be on its parent's article: enforced by the database, not only by forms.

Django cannot declare a composite foreign key, so this is SQL. PostgreSQL gets a real
FOREIGN KEY (parent_id, article_id) -> (id, article_id). SQLite cannot add a constraint to an
existing table, so it gets triggers; a later migration that rebuilds articles_comment on SQLite
drops them, which tests/articles/test_constraints.py would catch.
"""

from django.db import migrations

POSTGRESQL = [
    (
        "ALTER TABLE articles_comment ADD CONSTRAINT comment_parent_same_article "
        "FOREIGN KEY (parent_id, article_id) REFERENCES articles_comment (id, article_id) "
        "ON DELETE CASCADE",
        "ALTER TABLE articles_comment DROP CONSTRAINT comment_parent_same_article",
    ),
]

_SQLITE_CHECK = """
    WHEN NEW.parent_id IS NOT NULL
     AND NEW.article_id IS NOT (SELECT article_id FROM articles_comment WHERE id = NEW.parent_id)
    BEGIN SELECT RAISE(ABORT, 'comment_parent_same_article: a reply must be on its parent''s article'); END
"""
SQLITE = [
    (
        f"CREATE TRIGGER comment_parent_same_article_insert BEFORE INSERT ON articles_comment {_SQLITE_CHECK}",
        "DROP TRIGGER comment_parent_same_article_insert",
    ),
    (
        "CREATE TRIGGER comment_parent_same_article_update "
        f"BEFORE UPDATE OF parent_id, article_id ON articles_comment {_SQLITE_CHECK}",
        "DROP TRIGGER comment_parent_same_article_update",
    ),
    (
        # Moving a parent to another article would strand its replies.
        "CREATE TRIGGER comment_children_same_article BEFORE UPDATE OF article_id ON articles_comment "
        "WHEN EXISTS (SELECT 1 FROM articles_comment WHERE parent_id = NEW.id AND article_id != NEW.article_id) "
        "BEGIN SELECT RAISE(ABORT, 'comment_parent_same_article: its replies are on another article'); END",
        "DROP TRIGGER comment_children_same_article",
    ),
]


def _statements(schema_editor, index):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"No comment-parent constraint written for {vendor}.")
    return [pair[index] for pair in statements]


def forwards(apps, schema_editor):
    for sql in _statements(schema_editor, 0):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in reversed(_statements(schema_editor, 1)):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
