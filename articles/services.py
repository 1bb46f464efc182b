"""Writes the public site makes: a reader's comment. Plain functions, keyword-only, atomic."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import ngettext

from .forms import CommentForm
from .models import Article, Comment

# More links than this and a comment is held with the reason shown to the moderator.
MAX_LINKS = 2


def client_address(request) -> str:
    """The reader's address: REMOTE_ADDR, or behind a proxy the last entry of NEWSROOM_CLIENT_IP_HEADER."""
    header = settings.NEWSROOM_CLIENT_IP_HEADER
    if header and (forwarded := request.META.get(header)):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_hash(address: str) -> str:
    """The poster's address, never stored as is: an HMAC with a secret salt, for rate limits only."""
    return hmac.new(settings.NEWSROOM_CLIENT_SALT.encode(), address.encode(), hashlib.sha256).hexdigest()


def rate_limited(*, key: str, limit: int, window: int) -> bool:
    """Count one more attempt under key; True once there were more than limit in the window (seconds)."""
    cache.add(key, 0, timeout=window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        attempts = 1
    return attempts > limit


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
