"""Read replicas: public reads go to the replica, writes and everything after a write to the primary.

Active when DATABASE_REPLICA_URL is set. A request that writes (any unsafe method), a request to the
admin, and every read that follows a write in the same request use the primary; for a few seconds after a
write the writer's browser carries a cookie that keeps its reads on the primary too, so nobody misses
their own change while the replica catches up.
"""

from contextvars import ContextVar

from django.conf import settings

PRIMARY, REPLICA = "default", "replica"
# The app label of Django's cache table (the cache without Redis).
CACHE_APP = "django_cache"
# Sessions, accounts and permissions must never lag behind a login or a change of rights, nor the cache
# behind the site's last change.
PRIMARY_ONLY_APPS = {"sessions", "auth", "contenttypes", "admin", CACHE_APP}
PIN_COOKIE = "newsroom_primary"
PIN_SECONDS = 10
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

_pinned = ContextVar("newsroom_pinned_to_primary", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        if model._meta.app_label != CACHE_APP:  # storing a page in the cache changes no content
            _pinned.set(True)  # what this request reads from now on, it reads where it wrote
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two doors

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PinToPrimaryMiddleware:
    """First in MIDDLEWARE: decides, before anything reads, whether this request stays on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in SAFE_METHODS
        pinned = writes or PIN_COOKIE in request.COOKIES or request.path.startswith("/" + settings.ADMIN_URL)
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )  # fmt: skip
        return response
