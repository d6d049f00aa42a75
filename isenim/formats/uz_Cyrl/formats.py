# Uzbek (Cyrillic): numbers and short dates as Karakalpak; long dates as Django's Uzbek, in Cyrillic.
from isenim.formats.kaa.formats import *  # noqa: F403

DATE_FORMAT = "j-E, Y-йил"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j-E, Y-йил G:i"
YEAR_MONTH_FORMAT = "F Y-йил"
MONTH_DAY_FORMAT = "j-E"
