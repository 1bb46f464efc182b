from django import template

from articles.text import comment_html as render_comment

register = template.Library()


@register.filter
def comment_html(text):
    """A reader's words as escaped text with paragraphs and rel="nofollow ugc" links; never HTML."""
    return render_comment(text)
