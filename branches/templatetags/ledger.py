from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def percent(rate):
    """0.963 → "96.3%"; no rate (nothing expected) → "—"."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}%".replace(".0%", "%")


@register.filter
def month_strip(statuses):
    """A year's twelve months as coloured cells, one per month's worst status (None where
    nothing applied). One filter instead of a loop: the board draws 50 of these."""
    return format_html_join(
        "",
        '<span class="month-cell {}">{}</span>',
        ((status or "none", month) for month, status in enumerate(statuses, start=1)),
    )
