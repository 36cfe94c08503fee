from django import template

register = template.Library()


@register.filter
def percent(rate: float | None) -> str:
    """0.963 → "96.3%"; no rate (nothing expected) → "—"."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}%".replace(".0%", "%")
