from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.text import comment_html as render_comment

register = template.Library()


@register.filter
def isoformat(value):
    """A datetime for <time datetime>: ISO 8601 to the second (HTML refuses microseconds)."""
    return value.replace(microsecond=0).isoformat() if value else ""


@register.filter
def comment_html(text):
    """A reader's words as escaped text with paragraphs and rel="nofollow ugc" links; never HTML."""
    return render_comment(text)


@register.simple_tag
def comment_threads(threads, *, replies_open):
    """Approved comments, each with its replies and, while comments are open, a Reply link.

    Written out here rather than as a template loop: on a page of a hundred comments the loop cost more
    than all the rest of the page (bench/serve.py). The markup is the same as a template would give.
    """
    return mark_safe("".join(_comment(c, replies, replies_open) for c, replies in threads))  # nosec B308 B703


def _comment(comment, replies, replies_open):
    meta = "" if comment.imported else _posted(comment)
    reply = ""
    if replies_open:
        reply = format_html('<p><a href="?reply_to={}#comment-form">Reply</a></p>', comment.pk)
    nested = "".join(
        format_html(
            '<article class="comment reply" id="comment-{}"><h4 class="comment-author">{}</h4>{}{}</article>',
            answer.pk,
            answer.author_name or "Anonymous",
            _posted(answer),
            mark_safe(answer.body_html),  # nosec B308 B703  # escaped when the comment was saved
        )
        for answer in replies
    )
    return format_html(
        '<article class="comment" id="comment-{}"><h3 class="comment-author">{}</h3>{}{}{}{}</article>',
        comment.pk,
        comment.author_name or "Anonymous",
        meta,
        mark_safe(comment.body_html),  # nosec B308 B703  # escaped when the comment was saved
        reply,
        mark_safe(nested),  # nosec B308 B703  # built with format_html above
    )


def _posted(comment):
    """<p class="meta"><time>: as {{ value|date:"j F Y, H:i" }} writes it, without the date filter's cost."""
    local = timezone.localtime(comment.submitted_at)
    return format_html(
        '<p class="meta"><time datetime="{}">{} {} {}, {}</time></p>',
        isoformat(comment.submitted_at),
        local.day,
        MONTHS[local.month],
        local.year,
        f"{local:%H:%M}",
    )
