from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
