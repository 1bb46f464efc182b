from html import escape

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def isoformat(value):
    """A datetime for <time datetime>: ISO 8601 to the second (HTML refuses microseconds)."""
    return value.replace(microsecond=0).isoformat() if value else ""


# How much of a source's date readers see, by its precision.
SOURCE_DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.filter
def source_date(article):
    """The story's date as the source gives it: "23 January 2019", "January 2019" or "2019"."""
    if article.source_published_on is None or not article.source_date_precision:
        return ""
    return date_filter(article.source_published_on, SOURCE_DATE_FORMATS[article.source_date_precision])


@register.simple_tag
def comment_threads(threads, *, replies_open):
    """Approved comments, each with its replies and, while comments are open, a Reply link.

    Written out here rather than as a template loop: on a page of a hundred comments the loop cost more
    than all the rest of the page (bench/serve.py). The markup is the same as a template would give;
    html.escape is what Django's escape filter calls, without format_html's checks on every value.
    """
    zone = timezone.get_current_timezone()
    return mark_safe("".join(_comment(c, replies, replies_open, zone) for c, replies in threads))  # nosec B308 B703


def _comment(comment, replies, replies_open, zone):
    meta = "" if comment.imported else _posted(comment, zone)
    reply = f'<p><a href="?reply_to={comment.pk}#comment-form">Reply</a></p>' if replies_open else ""
    # body_html was escaped when the comment was saved (Comment.render_body).
    nested = "".join(
        f'<article class="comment reply" id="comment-{answer.pk}"><h4 class="comment-author">'
        f"{escape(answer.author_name or 'Anonymous')}</h4>{_posted(answer, zone)}{answer.body_html}</article>"
        for answer in replies
    )
    return (
        f'<article class="comment" id="comment-{comment.pk}"><h3 class="comment-author">'
        f"{escape(comment.author_name or 'Anonymous')}</h3>{meta}{comment.body_html}{reply}{nested}</article>"
    )


def _posted(comment, zone):
    """<p class="meta"><time>: as {{ value|date:"j F Y, H:i" }} writes it, without the date filter's cost."""
    local = comment.submitted_at.astimezone(zone)
    return (
        f'<p class="meta"><time datetime="{isoformat(comment.submitted_at)}">'
        f"{local.day} {MONTHS[local.month]} {local.year}, {local:%H:%M}</time></p>"
    )
