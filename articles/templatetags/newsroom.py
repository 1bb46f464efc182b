from django import template
from django.template.defaultfilters import date as date_filter

register = template.Library()


@register.filter
def isoformat(value):
    """A datetime for <time datetime>: ISO 8601 to the second (HTML refuses microseconds)."""
    return value.replace(microsecond=0).isoformat() if value else ""


# How much of a source's date readers see, by its precision.
SOURCE_DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.filter
def source_date(article):
    """The story's date as the source gives it: "23 January 2019", "January 2019" or "2019"."""
    if article.source_published_on is None or not article.source_date_precision:
        return ""
    return date_filter(article.source_published_on, SOURCE_DATE_FORMATS[article.source_date_precision])
