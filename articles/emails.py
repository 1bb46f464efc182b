"""The emails followers get: each with a one-click unsubscribe link, in its text and in the List-Unsubscribe
headers that mail programs show as a button (RFC 2369, RFC 8058), in the language the reader subscribed in."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Follower


def site_url(path: str) -> str:
    return settings.NEWSROOM_SITE_URL + path


def follower_email(follower: Follower, *, subject: str, template: str, **context) -> EmailMessage:
    """The email, its text and links in the follower's language (callers make the subject in it too)."""
    with translation.override(follower.language):
        return _follower_email(follower, subject=subject, template=template, **context)


def _follower_email(follower: Follower, *, subject: str, template: str, **context) -> EmailMessage:
    unsubscribe = site_url(reverse("people:follow-unsubscribe", args=[follower.token]))
    context |= {
        "follower": follower,
        "followed": follower.followed,
        "followed_url": site_url(follower.followed.get_absolute_url()),
        "confirm_url": site_url(reverse("people:follow-confirm", args=[follower.token])),
        "unsubscribe_url": unsubscribe,
    }
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        to=[follower.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
