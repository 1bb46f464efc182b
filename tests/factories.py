"""Small builders for test records: make_article(**kw) and friends."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Comment, Note, Publication
from newsroom.roles import EDITORS, MODERATORS
from people.models import Case, Organization, Person

_numbers = itertools.count(1)


def make_publication(**kw):
    n = next(_numbers)
    kw.setdefault("name", f"Publication {n}")
    return Publication.objects.create(**kw)


def make_article(**kw):
    n = next(_numbers)
    kw.setdefault("title", f"Article {n}")
    kw.setdefault("slug", f"article-{n}")
    kw.setdefault("body", "First paragraph.\n\nSecond paragraph.")
    if kw.get("status") in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}:
        kw.setdefault("published_at", timezone.now())
    return Article.objects.create(**kw)


def make_note(**kw):
    kw.setdefault("article", kw.get("article") or make_article())
    kw.setdefault("text", "Something changed.")
    return Note.objects.create(**kw)


def make_comment(**kw):
    kw.setdefault("article", kw.get("article") or make_article(status=Article.Status.PUBLISHED))
    kw.setdefault("body", "A reader's comment.")
    kw.setdefault("author_name", "Reader")
    kw.setdefault("submitted_at", timezone.now())
    return Comment.objects.create(**kw)


def make_person(**kw):
    n = next(_numbers)
    kw.setdefault("name", f"Person {n}")
    kw.setdefault("slug", f"person-{n}")
    return Person.objects.create(**kw)


def make_organization(**kw):
    n = next(_numbers)
    kw.setdefault("name", f"Organization {n}")
    kw.setdefault("slug", f"organization-{n}")
    return Organization.objects.create(**kw)


def make_case(**kw):
    n = next(_numbers)
    kw.setdefault("person", kw.get("person") or make_person())
    kw.setdefault("slug", f"case-{n}")
    return Case.objects.create(**kw)


def make_staff(username, group, password="correct horse battery staple"):
    user = get_user_model().objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def make_editor(username="editor"):
    return make_staff(username, EDITORS)


def make_moderator(username="moderator"):
    return make_staff(username, MODERATORS)
