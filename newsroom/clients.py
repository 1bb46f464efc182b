"""Who is asking, and how often: a reader's address (hashed, never stored as is) and rate limits, for the
comment form and the admin login alike."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


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
    return rate_count(key=key, window=window) > limit


def rate_reached(*, key: str, limit: int) -> bool:
    """True if limit attempts were counted under key in its window already; counts nothing."""
    return (cache.get(key) or 0) >= limit


def rate_count(*, key: str, window: int) -> int:
    """Count one more attempt under key, in a window (seconds) that starts with the first; the new count."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1
