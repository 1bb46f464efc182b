# "30 noyabr 2026": month names in lower case (newsroom/formats/months.py gives them).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
