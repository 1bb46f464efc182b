"""Whole-page caching for readers, invalidated record by record.

Each public page names, in its `xkey` header, the records and lists it shows (`article-12`, `person-3`,
`articles`, `home`...): cache_keys() sets it, and the URLconfs wrap public views in shown_as(). Varnish in
front (deploy/varnish/newsroom.vcl, with the xkey vmod) caches pages by that header; without Varnish,
PublicPageCacheMiddleware stores them in Django's cache (Redis when REDIS_URL is set) with a version of
each of their keys, and PageCacheApplication (newsroom/wsgi.py, what gunicorn serves) answers the hits
before Django's handler, as Varnish would.

The services, the admin's saves and deletes and the import name the records they changed to
records_changed(): once the change is committed, the keys of those records get new versions (so Django's
copies of the pages that show them are misses) and, when NEWSROOM_HTTP_CACHE_URL is set, Varnish is sent an
xkey purge of the same keys. Pages that show none of them stay cached.

No per-reader value is ever in a cached page: the comment form, with Django's CSRF token, is a page of its
own that is never cached (articles.views.CommentView).
"""

import hashlib
import logging
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models import Model
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control

from articles.models import Article, Comment, CommentReport, ModerationWord, Note, Tip
from people.models import (
    Affiliation,
    Alias,
    Case,
    CaseEvent,
    CaseNote,
    CaseParticipant,
    Charge,
    ChargeStep,
    NameSuggestion,
    Organization,
    Person,
    Recognition,
)

logger = logging.getLogger(__name__)

# Every cached page has this key too: purging it empties every cache (what a change no key names needs).
SITE = "site"
HEADER = "xkey"
# In every page's key: entries written by an older release, in another shape, are never read.
ENTRY_FORMAT = 8
# Larger pages (data downloads) are not kept in a process's memory; they still come from the shared cache.
KEPT_PAGE_MAX_BYTES = 512 * 1024
# Keys whose purge failed, kept in the cache until a later purge gets them through.
PENDING_PURGES = "newsroom:purge-pending"
PURGE_ATTEMPTS = 3
PURGE_BACKOFF_SECONDS = 0.2
# Keys in one purge request: an import may name thousands.
PURGE_BATCH = 200
# Query parameters that only tell analytics where a reader came from: they change nothing on a page, so they
# are dropped before the view and from the page's key (else every ?utm_source= would be a page of its own).
_TRACKING = re.compile(r"utm_\w*|fbclid|gclid|msclkid", re.IGNORECASE)

# What a change of a record changes besides the record's own pages: the lists that show it.
ARTICLE_LISTS = ("articles", "home", "feeds", "sitemap", "search")
PERSON_LISTS = ("people", "cases", "home", "feeds", "sitemap", "search")
CASE_LISTS = ("cases", "people", "home", "sitemap", "search")
ORGANIZATION_LISTS = ("organizations", "sitemap", "search")
# An article's links: (key prefix, field).
# The pages that show an article besides its own (a translation's page links it under "Also in").
LINKS = (
    ("person", "byline"),
    ("person", "people"),
    ("organization", "organizations"),
    ("case", "cases"),
    ("article", "translations"),
)


def record_key(record: Model) -> str:
    """`article-12`: the key of a record's own page, and of every page that shows it."""
    return f"{record._meta.model_name}-{record.pk}"


def shown_keys(record: Model) -> list[str]:
    """The keys of a record and of the records its page shows alongside (names, statuses): a change of
    any of them changes the page. Reads only what the detail views prefetch."""
    keys = [record_key(record)]
    if isinstance(record, Article):
        for _name, field in LINKS:
            keys += [record_key(other) for other in getattr(record, field).all()]
    elif isinstance(record, Person):
        keys += [record_key(case) for case in record.cases.all()]
        keys += [f"organization-{a.organization_id}" for a in record.affiliations.all()]
    elif isinstance(record, Organization):
        keys += [f"person-{a.person_id}" for a in record.affiliations.all()]
        keys += [f"case-{r.case_id}" for r in record.recognitions.all()]
    elif isinstance(record, Case):
        keys += [f"person-{record.person_id}"]
        keys += [f"organization-{r.organization_id}" for r in record.recognitions.all()]
    return keys


def changed_keys(record: Model) -> list[str]:
    """The keys of every page a change of this record may change; [] for what readers never see."""
    if isinstance(record, Article):
        if record.status not in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}:
            return []
        # Its own page and the lists, and the pages of the people, cases and organizations it is linked to.
        linked = []
        if record.pk is not None and Article.objects.filter(pk=record.pk).exists():  # not when deleted
            for name, field in LINKS:
                linked += [f"{name}-{pk}" for pk in getattr(record, field).values_list("pk", flat=True)]
        return [record_key(record), *ARTICLE_LISTS, *linked]
    if isinstance(record, Note):
        return changed_keys(record.article)
    if isinstance(record, Comment):
        return [f"article-{record.article_id}"] if record.status == Comment.Status.APPROVED else []
    if isinstance(record, NameSuggestion):
        return []  # the editors' queue; accepting one names the person or organization it makes
    if isinstance(record, Person):
        return [record_key(record), *PERSON_LISTS]
    if isinstance(record, Case):
        return [record_key(record), f"person-{record.person_id}", *CASE_LISTS]
    if isinstance(record, Organization):
        return [record_key(record), *ORGANIZATION_LISTS]
    if isinstance(record, Alias):
        return [
            f"person-{record.person_id}" if record.person_id else f"organization-{record.organization_id}"
        ]
    if isinstance(record, Affiliation):
        return [f"person-{record.person_id}", f"organization-{record.organization_id}"]
    if isinstance(record, Recognition):
        return [f"case-{record.case_id}", f"organization-{record.organization_id}", "cases"]
    if isinstance(record, CaseEvent | Charge | ChargeStep | CaseParticipant):
        # A case's timeline sets its status, dates and flags: its page, its person's, and every list of
        # cases (and /timeline/, which is one); an internal event changes nothing readers see.
        if getattr(record, "internal", False):
            return []
        case = record.charge.case if isinstance(record, ChargeStep) else record.case
        return [f"case-{case.pk}", f"person-{case.person_id}", *CASE_LISTS]
    if isinstance(record, CaseNote | Tip | CommentReport | ModerationWord):
        return []  # for editors and moderators only
    # Publications, roles and whatever else shows on pages no key names: every page.
    return [SITE]


def records_changed(*records: Model) -> None:
    """These records were saved, deleted or changed in bulk: once that is committed, no cached page may
    show them as they were. Pass the copy from before the change too when the change may have hidden it
    (an article unpublished, a comment rejected)."""
    keys = sorted({key for record in records for key in changed_keys(record)})
    if keys:
        transaction.on_commit(lambda: keys_changed(keys))


def articles_changed(ids: Iterable[int]) -> None:
    """records_changed() for many articles at once (an import): their keys in a few queries."""
    shown = list(
        Article.objects.filter(
            pk__in=list(ids), status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN]
        ).values_list("pk", flat=True)
    )
    keys = [f"article-{pk}" for pk in shown]
    for name, field in LINKS if keys else ():
        link = Article._meta.get_field(field)
        rows = link.remote_field.through.objects.filter(**{f"{link.m2m_field_name()}__in": shown})
        keys += [f"{name}-{pk}" for pk in rows.values_list(link.m2m_reverse_name(), flat=True)]
    if keys:
        keys += ARTICLE_LISTS
        transaction.on_commit(lambda: keys_changed(keys))


def keys_changed(keys: Iterable[str]) -> None:
    """Every cached page with any of these keys is out of date from now on: Django's copies at once, and
    Varnish's by an xkey purge when NEWSROOM_HTTP_CACHE_URL is set."""
    keys = sorted(set(keys))
    cache.set_many({_version_name(key): _new_version() for key in keys}, timeout=None)
    _count_change()
    if settings.NEWSROOM_HTTP_CACHE_URL:
        purge(keys)


def purge(keys: list[str]) -> bool:
    """Send Varnish an xkey purge of these keys (and of any whose purge failed before), retried with a
    short back-off. If it still fails, the keys are logged and kept, and the next purge sends them again:
    until then Varnish may serve those pages for up to PAGE_CACHE_SECONDS (their s-maxage)."""
    pending = cache.get(PENDING_PURGES) or []
    keys = sorted(set(keys) | set(pending))
    for start in range(0, len(keys), PURGE_BATCH):
        batch = keys[start : start + PURGE_BATCH]
        if not _send_purge(batch):
            failed = keys[start:]
            cache.set(PENDING_PURGES, failed, timeout=None)
            logger.error(
                "Varnish purge failed; %d keys kept for the next purge: %s", len(failed), failed[:20]
            )
            return False
    if pending:
        cache.delete(PENDING_PURGES)
    return True


def _send_purge(keys: list[str]) -> bool:
    for attempt in range(PURGE_ATTEMPTS):
        request = urllib.request.Request(
            settings.NEWSROOM_HTTP_CACHE_URL, method="PURGE", headers={"xkey-purge": " ".join(keys)}
        )
        try:
            with urllib.request.urlopen(request, timeout=2):  # nosec B310  # our own Varnish, from settings
                return True
        except (OSError, urllib.error.HTTPError) as error:
            logger.warning("Varnish purge attempt %d failed: %s", attempt + 1, error)
        time.sleep(PURGE_BACKOFF_SECONDS * 2**attempt)
    return False


def cache_keys(response, *shown) -> None:
    """Name on a public response what it shows: records (with what their pages show alongside, see
    shown_keys) and list keys ("articles", "home")."""
    keys = response.get(HEADER, "").split()
    for item in shown:
        keys += [item] if isinstance(item, str) else shown_keys(item)
    response[HEADER] = " ".join(dict.fromkeys([*keys, SITE]))


def shown_as(*list_keys):
    """Wrap a public view in the URLconf: its responses name the lists given and, for a detail view, its
    object (read from the TemplateResponse's context, before it is rendered)."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                context = getattr(response, "context_data", None) or {}
                shown = [context["object"]] if isinstance(context.get("object"), Model) else []
                cache_keys(response, *list_keys, *shown)
            return response

        wrapped.__name__ = getattr(view, "__name__", "view")
        wrapped.__wrapped__ = view
        return wrapped

    return decorator


# How many changes were made known to the cache: a page made while one was is not stored (see _changes).
CHANGES = "newsroom:changes"


def _count_change() -> None:
    cache.add(CHANGES, 0, timeout=None)
    try:
        cache.incr(CHANGES)
    except ValueError:  # the cache lost it between add and incr
        cache.set(CHANGES, 1, timeout=None)


def _changes() -> int | None:
    """The count of changes so far. A page's key versions are read once it is made; a change committed
    while it was being made would leave it stored as current with what it showed before the change, so a
    page is stored only when no change came between the start of its making and its storing."""
    return cache.get(CHANGES)


def _version_name(key: str) -> str:
    return f"newsroom:xkey:{key}"


def _new_version() -> int:
    # A number, not a string: Django's Redis cache stores it as it is and reads it back without unpickling,
    # and every hit reads a page's versions.
    return secrets.randbits(63)


def _drop_tracking(request) -> None:
    if not any(_TRACKING.fullmatch(name) for name in request.GET):
        return
    query = request.GET.copy()
    for name in [name for name in query if _TRACKING.fullmatch(name)]:
        del query[name]
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _variant_allowed() -> bool:
    """Count one more page with a query string stored in PAGE_CACHE_SECONDS; False past
    PAGE_CACHE_QUERY_VARIANTS, so that random query strings cannot fill the cache."""
    key = f"newsroom:page-variants:{int(time.time()) // max(settings.PAGE_CACHE_SECONDS, 1)}"
    cache.add(key, 0, settings.PAGE_CACHE_SECONDS)
    try:
        stored = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.PAGE_CACHE_SECONDS)
        stored = 1
    return stored <= settings.PAGE_CACHE_QUERY_VARIANTS


class PublicPageCacheMiddleware:
    """Stores anonymous GETs of pages that name their keys in Django's cache, and serves them from it where
    PageCacheApplication did not already (the test client, a server that does not load newsroom.wsgi).
    First in MIDDLEWARE, as Varnish is in front: a request with a session (or messages) cookie goes on to
    sessions and authentication and is never served from the cache, and an entry holds every header the
    whole stack set (security headers, CSP, ETag), so that a hit, which runs none of it, sends them too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key, entry = _find(request)
        if entry is not None:
            status, headers, content = _answer(entry, request)
            return HttpResponse(content, status=status, headers=headers)
        started = _changes()
        response = self.get_response(request)
        # Any query string is a page of its own: only so many are stored.
        if _storable(response) and (not request.GET or _variant_allowed()) and _changes() == started:
            entry = _entry(response)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            _keep(key, entry)
            response["X-Cache"] = "miss"
        return response


class PageCacheApplication:
    """Wraps Django's WSGI application (newsroom/wsgi.py): a hit is answered from the cache before
    Django's handler, its middleware and its request, with the headers the whole stack sent on the miss.
    Anything else (a miss, a request with a session cookie, a host not in ALLOWED_HOSTS) goes to Django,
    whose PublicPageCacheMiddleware stores the page."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # A copy: WSGIRequest decodes the path into the environ it is given, and Django's handler must
        # read the one the server sent (decoded twice, a path in another alphabet would fail).
        request = WSGIRequest(environ.copy())
        entry = self._hit(request)
        if entry is None:
            return self.application(environ, start_response)
        status, headers, content = _answer(entry, request)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [b"" if request.method == "HEAD" else content]

    def _hit(self, request) -> dict | None:
        if not _cacheable_request(request):
            return None
        try:
            return _find(request)[1]
        except DisallowedHost:
            return None  # Django refuses the request itself (400), and logs it


# The pages this process served last, so that a hit asks the shared cache only for the versions of the
# page's keys (a few bytes), not again for a page of 50 KB it already holds. Shared by every thread.
_kept = {}
_kept_lock = threading.Lock()
# Answers If-None-Match and If-Modified-Since on a hit as it does on a miss, with its own code; without
# the request headers it reads (django.utils.cache.get_conditional_response), a hit is the page as stored.
_conditional_get = ConditionalGetMiddleware(get_response=lambda request: None)
CONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0  # 0 switches the page cache off
        and request.method in ("GET", "HEAD")
        and not request.path.startswith("/" + settings.ADMIN_URL)
        # WhiteNoise's files: never stored, so not worth a look in the cache
        and not request.path.startswith(settings.STATIC_URL)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _find(request) -> tuple[str, dict | None]:
    """The key of the page asked for, and its entry if it is stored and current."""
    _drop_tracking(request)
    key = _key(request)
    return key, _look_up(key)


def _key(request) -> str:
    """Raises DisallowedHost for a host not in ALLOWED_HOSTS: no page is ever stored or served under it.
    The scheme and host are in the key: pages name them (canonical links, feeds, the sitemap), so a
    request for another allowed host must not leave its address in every reader's page."""
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"newsroom:page:{ENTRY_FORMAT}:{request.method}:{address}"


def _look_up(key) -> dict | None:
    """The stored page, if no key of it changed since it was stored."""
    entry = _kept.get(key)
    if entry is None or entry["expires"] <= time.time():
        entry = cache.get(key)
    if entry is None or not _current(entry):
        return None
    _keep(key, entry)
    return entry


def _keep(key, entry) -> None:
    if len(entry["content"]) > KEPT_PAGE_MAX_BYTES or _kept.get(key) is entry:
        return
    with _kept_lock:
        _kept[key] = entry
        if len(_kept) > settings.PAGE_CACHE_KEPT_PAGES:
            del _kept[next(iter(_kept))]  # the copy kept longest ago


def _current(entry) -> bool:
    """No key of the page changed since it was stored (a version the cache lost counts as a change)."""
    return cache.get_many(list(entry["versions"])) == entry["versions"]


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return not (
        response.status_code != 200
        or response.streaming
        or HEADER not in response
        or response.cookies
        or any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def _entry(response) -> dict:
    """What a hit will send: the response as the whole stack made it."""
    # Browsers must ask again (a cheap 304 while nothing changed); a shared cache (Varnish) may keep the
    # page until a purge, or PAGE_CACHE_SECONDS at most.
    patch_cache_control(
        response, public=True, max_age=0, must_revalidate=True, s_maxage=settings.PAGE_CACHE_SECONDS
    )
    names = [_version_name(key) for key in response[HEADER].split()]
    versions = cache.get_many(names)
    fresh = {name: _new_version() for name in names if name not in versions}
    if fresh:
        cache.set_many(fresh, timeout=None)
    return {
        "content": response.content,
        "headers": list(response.items()),
        "versions": versions | fresh,
        "expires": time.time() + settings.PAGE_CACHE_SECONDS,
    }


def _answer(entry, request) -> tuple[int, list, bytes]:
    """(status, headers, content) of a hit: the stored page, or a 304 when the reader's copy is current."""
    headers = [*entry["headers"], ("X-Cache", "hit")]
    if not any(name in request.META for name in CONDITIONS):
        return 200, headers, entry["content"]  # no response object: the commonest hit, made cheap
    response = _conditional_get.process_response(request, HttpResponse(entry["content"], headers=headers))
    return response.status_code, list(response.items()), response.content
