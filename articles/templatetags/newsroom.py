from django import template

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
