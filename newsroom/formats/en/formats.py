# "30 November 2026", as the site has always written dates (Django's own English says "Nov. 30, 2026").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
