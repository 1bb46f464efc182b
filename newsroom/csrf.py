"""The comment form's CSRF token on a page served from the cache, drawn from one read of the system's
random source.

It is the token django.middleware.csrf.get_token() makes: the reader's secret (from their cookie, or a
new one that CsrfViewMiddleware then sets as the cookie) masked with a fresh random mask, so the page
never shows the same token twice (BREACH). Django draws its letters one system call each, 64 for a
reader without the cookie, the biggest cost of a cached article page. CsrfViewMiddleware checks the
token as ever; tests unmask it with Django's own code.
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_LETTERS = CSRF_ALLOWED_CHARS.encode()
# Bytes below 248 (4 x 62) are spread evenly over the 62 letters; the others are dropped, not folded in,
# so that no letter is likelier than another.
_EVEN_BELOW = len(_LETTERS) * (256 // len(_LETTERS))
_TO_LETTER = bytes(_LETTERS[byte % len(_LETTERS)] for byte in range(_EVEN_BELOW)).ljust(256, b"?")
_UNEVEN = bytes(range(_EVEN_BELOW, 256))
_INDEX = {letter: i for i, letter in enumerate(_LETTERS)}


def random_letters(count: int, source=os.urandom) -> bytes:
    """`count` letters of CSRF_ALLOWED_CHARS, each equally likely."""
    letters = b""
    while len(letters) < count:
        # 8 bytes in 256 are dropped: asking for a quarter more almost always takes a single read.
        letters += source(count + count // 4).translate(_TO_LETTER, _UNEVEN)
    return letters[:count]


def form_token(request) -> str:
    """What get_token(request) returns: the reader's secret masked afresh, their cookie set if new."""
    secret = request.META.get("CSRF_COOKIE")
    letters = random_letters(CSRF_SECRET_LENGTH if secret else 2 * CSRF_SECRET_LENGTH)
    mask = letters[:CSRF_SECRET_LENGTH]
    if not secret:
        secret = letters[CSRF_SECRET_LENGTH:].decode()
        request.META["CSRF_COOKIE"] = secret
    # As get_token: CsrfViewMiddleware sends the cookie (new, or renewed).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    pairs = zip(secret.encode(), mask, strict=True)
    cipher = bytes(_LETTERS[(_INDEX[s] + _INDEX[m]) % len(_LETTERS)] for s, m in pairs)
    return (mask + cipher).decode()
