"""Cheap guards over the whole project: checks, migrations, commands, settings."""

import os
import re
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands

PROJECT_APPS = {"newsroom", "articles", "people"}
PROJECT_COMMANDS = sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)


# The JSONField check asks each database whether it supports JSON.
@pytest.mark.django_db(databases=["default", "replica"])
def test_system_check_is_clean():
    """`manage.py check` reports nothing."""
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """`makemigrations --check` finds no model change without a migration."""
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_project_commands_exist():
    """The commands the README promises are there."""
    assert {"import_seeds", "create_editor"} <= set(PROJECT_COMMANDS)


@pytest.mark.parametrize("command", PROJECT_COMMANDS)
def test_every_command_answers_help(command):
    """Each project command explains itself with --help."""
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def run_manage(*args, **env):
    """manage.py in a fresh process with only the given settings (and a throwaway database)."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_REPLICA_URL"
    }
    environment |= {"DATABASE_URL": "sqlite:///:memory:"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=environment,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    """With DEBUG off and no DJANGO_SECRET_KEY the site does not start, and says why in one line."""
    # Set but empty: a developer's .env (from `make run`) is read only when the variable is missing.
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_starts_with_secret_key_when_debug_is_off():
    """The same check passes once a key is given."""
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_the_development_env_file_fills_in_only_what_is_missing(tmp_path, monkeypatch):
    """`make run` writes .env so that manage.py works in a new shell; the environment always wins."""
    from newsroom.settings import read_env_file

    env_file = tmp_path / ".env"
    env_file.write_text("# made by make run\nNEWSROOM_TEST_KEY=from-file\n\nNEWSROOM_TEST_SET = 'quoted'\n")
    monkeypatch.delenv("NEWSROOM_TEST_KEY", raising=False)
    monkeypatch.setenv("NEWSROOM_TEST_SET", "from-environment")
    read_env_file(env_file)
    assert os.environ["NEWSROOM_TEST_KEY"] == "from-file"
    assert os.environ["NEWSROOM_TEST_SET"] == "from-environment"
    monkeypatch.delenv("NEWSROOM_TEST_KEY")
    assert ".env" in (settings.BASE_DIR / ".gitignore").read_text().split()


def test_make_run_writes_the_env_file_once(tmp_path):
    """The Makefile's .env rule: a secret key and DEBUG on, readable by the owner only, never rewritten."""
    (tmp_path / ".venv").symlink_to(sys.prefix)  # the virtualenv running the tests
    shutil.copy(settings.BASE_DIR / "Makefile", tmp_path)
    subprocess.run(["make", "--silent", ".env"], cwd=tmp_path, check=True, capture_output=True)
    written = (tmp_path / ".env").read_text()
    assert re.fullmatch(r"DJANGO_SECRET_KEY=[\w-]{50,}\nDJANGO_DEBUG=true\n", written)
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0
    subprocess.run(["make", "--silent", ".env"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / ".env").read_text() == written


def test_static_files_use_whitenoise_manifest_storage():
    assert (
        settings.STORAGES["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    middleware = settings.MIDDLEWARE
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_postgresql_uses_the_connection_pool():
    """On PostgreSQL connections come from psycopg's pool through Django."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        result = run_manage(
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['pool'])",
            DJANGO_DEBUG="true",
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
        )
        assert "max_size" in result.stdout, result.stderr
    else:
        assert database["OPTIONS"]["pool"]["max_size"] >= 1


def test_every_database_checks_its_connections_before_use():
    """A connection PostgreSQL dropped is replaced before a request uses it, not a 500 for that request."""
    assert settings.DATABASES.keys() >= {"default", "replica"}
    for alias, database in settings.DATABASES.items():
        assert database["CONN_HEALTH_CHECKS"] is True, alias
