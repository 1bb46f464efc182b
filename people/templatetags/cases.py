from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html

from articles.text import source_date_iso

register = template.Library()

# How much of a date readers see, by its precision.
DATE_FORMATS = {"day": "DATE_FORMAT", "month": "YEAR_MONTH_FORMAT", "year": "Y"}


@register.filter
def precise_date(value, precision="day"):
    """A date to its precision, as <time>: "23 January 2019", "March 2017" or "2005"."""
    if value is None:
        return ""
    precision = precision or "day"
    return format_html(
        '<time datetime="{}">{}</time>',
        source_date_iso(value, precision),
        date_filter(value, DATE_FORMATS[precision]),
    )


@register.filter
def event_date(event):
    """A case event's date to its precision, as <time>."""
    return precise_date(event.date, event.date_precision)
