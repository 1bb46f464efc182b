"""Month names as Azerbaijani and Russian write them in a date, in lower case ("30 noyabr 2026", "ноябрь
2026"): Django's catalogues capitalise them, and ours (LOCALE_PATHS) come first. Never imported: these
lines are here for makemessages to find the msgids Django's date formatting asks for."""

from django.utils.translation import gettext_lazy as _

MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
