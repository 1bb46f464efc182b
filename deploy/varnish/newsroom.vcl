# Varnish in front of newsroom (README, "Deploying"): caches anonymous GETs of public pages, which name in
# their xkey header the records they show; the application purges those keys when the records change
# (newsroom/caching.py). Debian: apt-get install varnish varnish-modules.
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Purges: PURGE with the keys in xkey-purge, space separated.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }

    # Only the site's own host names (as in DJANGO_ALLOWED_HOSTS): a page must never be cached under, or
    # name, a host an attacker chose.
    if (req.http.host !~ "^(newsroom\.example|www\.newsroom\.example|127\.0\.0\.1|localhost)(:[0-9]+)?$") {
        return (synth(421, "Misdirected Request"));
    }
    unset req.http.X-Forwarded-Host;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, and anyone logged in (a session cookie), go to the application every time.
    if (req.url ~ "^/admin/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The comment form holds the reader's CSRF token: never cached, the reader's cookies kept.
    if (req.url ~ "^/(az|ru|en)/articles/[^/]+/comment/") {
        return (pass);
    }

    # Tracking parameters change nothing on a page: dropped from the URL, so from the cache key.
    set req.url = regsuball(req.url, "([?&])(utm_[a-zA-Z_]*|fbclid|gclid|msclkid)=[^&]*", "\1");
    set req.url = regsuball(req.url, "&&+", "&");
    set req.url = regsub(req.url, "\?&", "?");
    set req.url = regsub(req.url, "[?&]+$", "");

    # `/` and old addresses without a language are redirected by the reader's Accept-Language: that 302
    # carries no xkey and Vary: Accept-Language, so it is never stored (vcl_backend_response). Pages under
    # /az/, /ru/ and /en/ are the same for every reader of that language: the URL, the cache key, says it.
    # Public pages are the same for every reader: no cookie reaches the application or the cache key.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # An error while refreshing a page in grace (PostgreSQL down: a 500) keeps the last copy.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Only pages that name their keys are cached (the application sends xkey on public pages alone);
    # anything that sets a cookie or says private is passed on as it is.
    if (!beresp.http.xkey || beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The TTL comes from s-maxage (PAGE_CACHE_SECONDS); purges end it sooner. While the application or
    # its database is down, the last copy is served for up to a day (grace).
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
    # The keys are for purges, not for readers.
    unset resp.http.xkey;
}
