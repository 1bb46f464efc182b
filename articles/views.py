import json

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from newsroom.clients import client_address, client_hash, rate_count, rate_reached
from people.models import Case, Person
from people.text import spellings

from .filters import ArticleFilter
from .forms import CommentForm, CommentReportForm, SearchForm
from .models import Article, ArticleQuerySet, Comment, Note
from .services import comment_report as comment_report_service
from .services import comment_submit
from .text import snippet_html

# JSON inside <script> must not be able to close the element (Django's json_script escapes the same).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        published = Article.objects.published().select_related("publication")
        featured = published.filter(featured=True).first() or published.first()
        latest = published.exclude(pk=getattr(featured, "pk", None))[:8]
        return super().get_context_data(
            featured=featured,
            latest=latest,
            cases_to_watch=Case.objects.watch_list()[:6],
            notes=Note.objects.filter(article__in=Article.objects.published())
            .select_related("article")
            .order_by("-date", "-pk")[:5],
            **kwargs,
        )


class ArticleListView(FilterView):
    filterset_class = ArticleFilter
    paginate_by = 20
    template_name = "articles/article_list.html"
    queryset = Article.objects.published().select_related("publication").prefetch_related("byline")


class ArticleDetailView(AccessMixin, DetailView):
    """An article with its notes, links and approved comments, the same for every reader (the comment form
    is CommentView's page). Staff who may change articles can preview drafts (never cached); everyone else
    gets 404 for anything not public."""

    template_name = "articles/article_detail.html"

    def get_queryset(self):
        articles = (
            Article.objects.defer(*ArticleQuerySet.UNSEEN)
            if self._may_preview()
            else Article.objects.public()
        )
        return articles.select_related("publication").prefetch_related(
            "byline",
            "notes",
            Prefetch("people", queryset=Person.objects.only("name", "slug")),
            "organizations",
            Prefetch("cases", queryset=Case.objects.select_related("person")),
            # "Also in": the same story in other languages, those readers may open.
            Prefetch(
                "translations",
                queryset=Article.objects.published()
                .exclude(language="")
                .only("slug", "language")
                .order_by("language"),
            ),
        )

    def _may_preview(self):
        return self.request.user.has_perm("articles.change_article")

    def get_context_data(self, **kwargs):
        article = self.object
        shown = list(article.comments.shown())
        # Comments copied with the page from its outlet are not our readers': shown apart, never counted.
        comments = [comment for comment in shown if not comment.imported]
        source_comments = [c for c in shown if c.imported] if article.source_comments_shown else []
        replies = {}
        for comment in comments:
            replies.setdefault(comment.parent_id, []).append(comment)
        return super().get_context_data(
            comment_threads=[(comment, replies.get(comment.pk, [])) for comment in replies.get(None, [])],
            comment_count=len(comments),
            source_comments=source_comments,
            json_ld=self._json_ld(article),
            translations=article.translations.all(),
            preview=article.status not in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["preview"]:
            add_never_cache_headers(response)
        return response

    def _json_ld(self, article):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "description": gettext("This article has been withdrawn.")
            if article.is_withdrawn
            else article.standfirst,
            # The story's date as its source gives it, never the day it was imported or went out here.
            "datePublished": article.source_date_iso,
            "dateModified": article.revised_at or article.published_at,
            "mainEntityOfPage": self.request.build_absolute_uri(article.get_absolute_url()),
            "author": [{"@type": "Person", "name": person.name} for person in article.byline.all()],
        }
        if data["datePublished"] is None:
            del data["datePublished"]  # the page states no date: say none rather than invent one
        if article.publication:
            data["publisher"] = {"@type": "Organization", "name": article.publication.name}
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
        return mark_safe(text)  # nosec B308, B703  # JSON with <, > and & escaped


@method_decorator(never_cache, name="dispatch")
class CommentView(DetailView):
    """The comment form, a page of its own and never cached: it holds the reader's CSRF token (Django's
    {% csrf_token %}) and the form's time stamp, so the article page itself is the same for every reader.
    ?reply_to=<comment> answers a comment."""

    template_name = "articles/comment_form.html"
    queryset = Article.objects.public()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.accepts_comments:
            return HttpResponseForbidden(gettext("Comments are closed on this article."))
        reply_to = request.GET.get("reply_to", "")
        initial = {"parent": reply_to} if reply_to.isdigit() else {}
        return self._render(CommentForm(article=self.object, initial=initial))

    def post(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        if not article.accepts_comments:
            return HttpResponseForbidden(gettext("Comments are closed on this article."))
        key = client_hash(client_address(request))
        # Only comments taken count towards the limit: a reader whose comment was refused may correct it.
        rate_key = f"comment-rate:{key}"
        if rate_reached(key=rate_key, limit=settings.COMMENT_RATE_LIMIT):
            return render(request, "articles/comment_rate_limited.html", {"article": article}, status=429)
        form = CommentForm(request.POST, article=article)
        if not form.is_valid():
            return self._render(form, status=400)
        comment_submit(article=article, form=form, client=key)
        rate_count(key=rate_key, window=settings.COMMENT_RATE_WINDOW)
        return HttpResponseRedirect(reverse("articles:comment-pending", kwargs={"slug": article.slug}))

    def _render(self, form, status=200):
        parent = form["parent"].value()
        replying_to = (
            form.fields["parent"].queryset.filter(pk=parent).first() if str(parent).isdigit() else None
        )
        context = self.get_context_data(form=form, replying_to=replying_to)
        return self.render_to_response(context, status=status)


def comment_pending(request, slug):
    """Where a reader lands after posting: the comment waits for a moderator."""
    article = get_object_or_404(Article.objects.public(), slug=slug)
    return render(request, "articles/comment_pending.html", {"article": article})


def _people_by_any_spelling(words: str):
    """People known by the words as typed or as the press spells them in another script: Xədicə İsmayılova
    finds the Khadija Ismayilova whose generated aliases spell her in Cyrillic."""
    people = Person.objects.none()
    for spelling in spellings(words):
        people |= Person.objects.matching(spelling)
    return people


class SearchView(TemplateView):
    """One box, results across articles, people and cases."""

    template_name = "articles/search.html"
    LIMIT = 20

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        context = {"form": form, "query": ""}
        if form.is_valid() and form.cleaned_data["q"]:
            words = form.cleaned_data["q"]
            articles = list(
                Article.objects.published().search(words).select_related("publication")[: self.LIMIT]
            )
            for article in articles:
                article.snippet_html = snippet_html(article.snippet, words)
            people = _people_by_any_spelling(words)
            cases = Case.objects.matching(words) | Case.objects.filter(person__in=people)
            context |= {
                "query": words,
                "articles": articles,
                "people": people[: self.LIMIT],
                "cases": cases.select_related("person")[: self.LIMIT],
            }
        return super().get_context_data(**context, **kwargs)


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    search = [f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES]
    lines = ["User-agent: *", "Disallow: /admin/", *search, f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bad_request(request, exception):
    """The 400 page. Django's own (django.views.defaults.bad_request) runs the CSRF check first, which reads
    the body again: a body Django refused to read (a charset it does not know) fails again, as a 500."""
    return HttpResponseBadRequest(render_to_string("400.html"))


@never_cache
def comment_report(request, pk):
    """A reader reports an approved comment: a form of reasons, then thanks. One report a reader a comment,
    and only so many an hour."""
    comment = get_object_or_404(Comment.objects.shown().select_related("article"), pk=pk)
    if not Article.objects.public().filter(pk=comment.article_id).exists():
        raise Http404
    form = CommentReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reporter = client_hash(client_address(request))
        rate_key = f"comment-report-rate:{reporter}"
        if rate_reached(key=rate_key, limit=settings.COMMENT_REPORT_LIMIT):
            return render(
                request, "articles/comment_rate_limited.html", {"article": comment.article}, status=429
            )
        report = comment_report_service(
            comment=comment,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
            reporter=reporter,
        )
        if report is not None:
            rate_count(key=rate_key, window=settings.COMMENT_REPORT_WINDOW)
        return render(
            request, "articles/comment_reported.html", {"comment": comment, "again": report is None}
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "articles/comment_report.html", {"comment": comment, "form": form}, status=status)
