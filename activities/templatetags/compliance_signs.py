"""The compliance board's and grid's signs: a status told by a sign besides its colour."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from ..compliance import Status

register = template.Library()

STATUS_ICONS = {Status.DONE: "✓", Status.DUE: "…", Status.MISSED: "✗", None: "–"}


@register.filter
def status_icon(status):
    return STATUS_ICONS[status]


@register.simple_tag
def month_strip(statuses, compliance_url, year):
    """A year's twelve months as chips, one per month's worst status (None where nothing
    applied), each a link to that month of the branch's compliance grid and named like
    "8月 未完成". One tag instead of a loop: the board draws 50 of these."""
    return format_html_join(
        "",
        '<a class="month-cell {status}" href="{url}?year={year}&amp;month={month}#month-{month}"'
        ' title="{name}" aria-label="{name}"><span>{month}</span><span>{icon}</span></a>',
        (
            {
                "status": status or "none",
                "url": compliance_url,
                "year": year,
                "month": month,
                "name": "{} {}".format(
                    _("Month %(month)s") % {"month": month},
                    Status.LABELS[status] if status else _("nothing required"),
                ),
                "icon": STATUS_ICONS[status],
            }
            for month, status in enumerate(statuses, start=1)
        ),
    )
