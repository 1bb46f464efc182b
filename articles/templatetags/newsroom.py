from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils import translation

from newsroom.languages import in_language

register = template.Library()


@register.filter
def isoformat(value):
    """A datetime for <time datetime>: ISO 8601 to the second (HTML refuses microseconds)."""
    return value.replace(microsecond=0).isoformat() if value else ""


# How much of a source's date readers see, by its precision.
SOURCE_DATE_FORMATS = {"day": "DATE_FORMAT", "month": "YEAR_MONTH_FORMAT", "year": "Y"}


@register.filter
def source_date(article):
    """The story's date as the source gives it: "23 January 2019", "January 2019" or "2019"."""
    if article.source_published_on is None or not article.source_date_precision:
        return ""
    return date_filter(article.source_published_on, SOURCE_DATE_FORMATS[article.source_date_precision])


@register.simple_tag
def translated(record, name):
    """{% translated person "bio" as bio %}: the text in the reader's language, or the original (English)
    with bio.fallback set, for the page to say it is not translated (includes/_untranslated.html)."""
    return in_language(record, name)


@register.filter
def in_reader_language(record, name):
    """{{ event|in_reader_language:"description" }}: the text in the reader's language, else the original."""
    return in_language(record, name).text


@register.simple_tag(takes_context=True)
def languages(context):
    """This page in each of the site's languages, for the header's switcher and the hreflang alternates:
    dicts of code, name, url (the same page and query string), absolute (its full address, without the
    query string), current, and x_default on the default language's (the address without a language,
    which sends each reader to theirs, as the sitemap's x-default does)."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(request.get_full_path(), code),
            "absolute": request.build_absolute_uri(translate_url(request.path, code)),
            "current": code == current,
            "x_default": code == settings.LANGUAGE_CODE
            and request.build_absolute_uri(translate_url(request.path, code).replace(f"/{code}/", "/", 1)),
        }
        for code, name in settings.LANGUAGES
    ]
