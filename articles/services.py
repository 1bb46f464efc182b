"""Writes that readers see: a reader's comment, an article published, withdrawn or featured, comments
moderated. Plain functions, keyword-only, atomic, called by the admin, the commands and the views alike;
each saves through the ORM (so updated_at moves), logs every change in the admin's history, and names the
records it changed to the page cache."""

import copy
from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from newsroom.caching import records_changed

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
    _log(published, user=user, message="Published.")
    records_changed(*published)
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
    _log(withdrawn, user=user, message=f"Withdrawn: {reason}")
    records_changed(*withdrawn)
    return withdrawn


@transaction.atomic
def article_feature(*, articles: Iterable[Article], user) -> list[Article]:
    """Feature the articles on the home page (the newest featured published one leads it)."""
    return _set_featured(articles, featured=True, user=user, message="Featured on the home page.")


@transaction.atomic
def article_unfeature(*, articles: Iterable[Article], user) -> list[Article]:
    """Stop featuring the articles: the home page leads with the newest other one."""
    return _set_featured(articles, featured=False, user=user, message="No longer featured.")


def _set_featured(articles: Iterable[Article], *, featured: bool, user, message: str) -> list[Article]:
    changed = []
    for article in articles:
        if article.featured == featured:
            continue
        article.featured = featured
        article.save(update_fields=["featured", "updated_at"])
        changed.append(article)
    _log(changed, user=user, message=message)
    records_changed(*changed)
    return changed


@transaction.atomic
def comment_moderate(*, comments: Iterable[Comment], status: str, user) -> list[Comment]:
    """Approve, reject or bin the comments not already so, stamped with who decided and when. Each is read
    again under a row lock, so a comment another moderator approved meanwhile is judged as it now is: taking
    down one readers saw empties the cached pages, turning away ones nobody saw leaves them."""
    locked = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(pk__in=[comment.pk for comment in comments])
    )
    before, changed, now = [], [], timezone.now()
    for comment in locked.order_by("pk"):
        if comment.status == status:
            continue
        before.append(copy.copy(comment))
        comment.status, comment.moderated_by, comment.moderated_at = status, user, now
        comment.save(update_fields=["status", "moderated_by", "moderated_at"])
        changed.append(comment)
    _log(changed, user=user, message=f"Marked {Comment.Status(status).label.lower()}.")
    records_changed(*before, *changed)
    return changed


def _log(records: list, *, user, message: str) -> None:
    """One entry in each record's admin history, as the admin writes for a change made on its form."""
    if records:
        LogEntry.objects.log_actions(user.pk, records, CHANGE, change_message=message)
