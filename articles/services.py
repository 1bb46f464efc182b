"""Writes that readers see: a reader's comment, an article published or withdrawn. Plain functions,
keyword-only, atomic, called by the admin, the commands and the views alike."""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from newsroom.caching import site_changed

from .forms import CommentForm
from .models import Article, Comment

# More links than this and a comment is held with the reason shown to the moderator.
MAX_LINKS = 2


@transaction.atomic
def comment_submit(*, article: Article, form: CommentForm, client: str) -> Comment:
    """Save a valid comment as pending; a moderator approves it before anyone sees it."""
    comment = form.save(commit=False)
    comment.article = article
    comment.status = Comment.Status.PENDING
    comment.client_hash = client
    links = form.link_count()
    if links > MAX_LINKS:
        comment.held_reason = ngettext("%d link", "%d links", links) % links
    comment.save()
    return comment


@transaction.atomic
def article_publish(*, articles: Iterable[Article], user) -> list[Article]:
    """Publish the articles not yet published, each saved (so updated_at moves) and logged in its admin
    history. An existing publication time is kept, so republishing does not move a story up the lists."""
    published = []
    for article in articles:
        if article.status == Article.Status.PUBLISHED:
            continue
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        published.append(article)
    _changed(published, user=user, message="Published.")
    return published


@transaction.atomic
def article_withdraw(*, articles: Iterable[Article], user, reason: str) -> list[Article]:
    """Withdraw the articles that were published: readers then see the reason (the withdrawal notice)
    instead of the body. Articles never published are left alone: there is nothing to withdraw."""
    withdrawn = []
    for article in articles:
        if article.published_at is None or article.status == Article.Status.WITHDRAWN:
            continue
        article.status = Article.Status.WITHDRAWN
        article.withdrawal_notice = reason
        article.save(update_fields=["status", "withdrawal_notice", "updated_at"])
        withdrawn.append(article)
    _changed(withdrawn, user=user, message=f"Withdrawn: {reason}")
    return withdrawn


def _changed(articles: list[Article], *, user, message: str) -> None:
    """Log each article's change in its admin history, and tell the page cache once the change is saved."""
    if articles:
        LogEntry.objects.log_actions(user.pk, articles, CHANGE, change_message=message)
        transaction.on_commit(site_changed)
