# "30 ноября 2026": the month in the genitive after a day (E); alone with a year, "ноябрь 2026".
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
