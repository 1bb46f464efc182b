"""The comment list written in Python gives what the template loop it replaced gave, byte for byte
once the template's layout white space is set aside."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.models import Comment
from articles.templatetags.newsroom import comment_threads

# The loop as it stood in templates/articles/article_detail.html (its long lines kept as they were).
TEMPLATE_LOOP = Template(
    """{% for comment, replies in comment_threads %}
    <article class="comment" id="comment-{{ comment.pk }}">
      <h3 class="comment-author">{{ comment.author_name|default:"Anonymous" }}</h3>
      {% if not comment.imported %}<p class="meta"><time datetime="{{ comment.submitted_at|isoformat }}">{{ comment.submitted_at|date:"j F Y, H:i" }}</time></p>{% endif %}
      {{ comment.body_html|safe }}
      {% if form %}<p><a href="?reply_to={{ comment.pk }}#comment-form">Reply</a></p>{% endif %}
      {% for reply in replies %}
      <article class="comment reply" id="comment-{{ reply.pk }}">
        <h4 class="comment-author">{{ reply.author_name|default:"Anonymous" }}</h4>
        <p class="meta"><time datetime="{{ reply.submitted_at|isoformat }}">{{ reply.submitted_at|date:"j F Y, H:i" }}</time></p>
        {{ reply.body_html|safe }}
      </article>
      {% endfor %}
    </article>
  {% endfor %}"""
)


def comment(pk, author, *, imported=False, hour=0):
    submitted = datetime.datetime(2019, 1, 23, hour, 5, 9, 123456, tzinfo=datetime.UTC)
    body = f"Words <b>of</b> {author} & more; see https://example.org/{pk}"
    made = Comment(pk=pk, author_name=author, body=body, imported=imported, submitted_at=submitted)
    made.body_html = made.render_body()
    return made


def without_layout(html):
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("form", [object(), None])
def test_the_comment_list_is_what_the_template_loop_gave(form):
    threads = [
        (comment(1, "Vart Adjemian", imported=True), []),
        (comment(2, "<script>x</script>", hour=23), [comment(3, "", hour=20), comment(4, "Nina", hour=9)]),
        (comment(5, "", hour=12), []),
    ]
    with timezone.override("Asia/Baku"):
        expected = TEMPLATE_LOOP.render(Context({"comment_threads": threads, "form": form}))
        written = comment_threads(threads, replies_open=form)
    assert without_layout(written) == without_layout(expected)
    assert "&lt;script&gt;" in written and ("Reply</a>" in written) == (form is not None)
    assert "24 January 2019, 03:05" in written  # 23:05 UTC is the next morning in Baku
