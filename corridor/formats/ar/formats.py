# Arabic as the organisation's offices in Amman, Cairo and Beirut write it (ADR 0094): Western
# digits (as United Nations documents in Arabic print them, and as references, document numbers
# and phone numbers are typed), the point as decimal mark and the comma between thousands (CLDR
# "ar" with Latin digits; Django's own ar formats follow the Maghreb's 1.234,5), day before month,
# 24-hour times as timetables print them. The short date keeps Django's right-to-left marks so
# that 08/12/2026 reads day first in a right-to-left line.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d\u200f/m\u200f/Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 6  # Saturday: the week as calendars in Jordan and Egypt print it
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d\u200f/%m\u200f/%Y"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
