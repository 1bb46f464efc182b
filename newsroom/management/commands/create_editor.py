import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from newsroom.roles import EDITORS


class Command(BaseCommand):
    help = (
        "Make sure a staff account in the Editors group exists. The password comes from "
        "NEWSROOM_EDITOR_PASSWORD, or is generated and printed once; an existing password is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    @transaction.atomic
    def handle(self, *args, username, verbosity, **options):
        User = get_user_model()
        password = os.environ.get("NEWSROOM_EDITOR_PASSWORD", "")
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff = True
        user.groups.add(Group.objects.get(name=EDITORS))
        if password:
            user.set_password(password)
            user.save()
            if verbosity:
                self.stdout.write(f"Account {username!r}: password set from NEWSROOM_EDITOR_PASSWORD.")
        elif created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            self.stdout.write(self.style.SUCCESS(f"Created account {username!r} with password: {password}"))
            self.stdout.write("It is shown only this once; set NEWSROOM_EDITOR_PASSWORD to choose your own.")
        else:
            user.save()
            if verbosity:
                self.stdout.write(f"Account {username!r} exists; its password is unchanged.")
