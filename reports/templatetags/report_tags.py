from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext

register = template.Library()

NUMERALS = "一二三四五六七八九十"
TITLE_LINE = 20  # characters of the 22 pt title on the A4 line


@register.filter
def section_number(number):
    """3 → （三） in Chinese documents, (3) otherwise."""
    if get_language().startswith("zh") and 1 <= number <= len(NUMERALS):
        return f"（{NUMERALS[number - 1]}）"
    return f"({number})"


@register.filter
def table_date(day, year):
    """A date in a ledger table: day and month within the report's year, which the
    title gives; outside it the year above them, so a narrow column breaks the date
    there and not inside a number. Nothing for no date."""
    if day is None:
        return ""
    # Translators: a date format (Django's date filter) for a day within the year the
    # report is about, e.g. "n月j日" for 3月5日.
    day_and_month = date_format(day, pgettext("date within the report's year", "F j"))
    if day.year == year:
        return day_and_month
    # Translators: the year of a date outside the report's year, set above its day and
    # month (Django's date filter), e.g. "Y年" for 2025年.
    return format_html("{}<br>{}", date_format(day, pgettext("year of a date", "Y")), day_and_month)


@register.filter
def rate(present, expected):
    """Attendance as a percentage with one decimal, or — when nobody was expected."""
    if not expected:
        return "—"
    return f"{present / expected * 100:.1f}%".replace(".0%", "%")


@register.filter
def title_lines(title):
    """A two-part title (“守初心… 担使命…”) too long for one line is set on two lines at
    its space, as official documents break it, not wherever the line runs out."""
    parts = title.split()
    if len(parts) < 2 or len(title) <= TITLE_LINE:
        return title
    return mark_safe("<br>".join(escape(part) for part in parts))  # noqa: S308 (escaped parts)
