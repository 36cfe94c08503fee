import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import LedgerFilterSet

from .models import Activity, Honour, Meeting


def _months():
    return [(month, _("Month %(month)s") % {"month": month}) for month in range(1, 13)]


def _quarters():
    return [(quarter, _("Q%(quarter)s") % {"quarter": quarter}) for quarter in range(1, 5)]


class _PeriodFilter(LedgerFilterSet):
    """Kind, year, quarter or month and a text search, the way a secretary looks up a record."""

    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="held_on__year", choices=(), empty_label=_("All")
    )
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"),
        field_name="held_on__quarter",
        choices=_quarters,
        empty_label=_("All"),
    )
    month = django_filters.ChoiceFilter(
        label=_("Month"),
        field_name="held_on__month",
        choices=_months,
        empty_label=_("All"),
    )


class MeetingFilter(_PeriodFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("All")
    )
    q = django_filters.CharFilter(label=_("Topic"), field_name="topic", lookup_expr="icontains")

    class Meta:
        model = Meeting
        fields = ["kind", "year", "quarter", "month", "q"]


class ActivityFilter(_PeriodFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Activity.Kind.choices, empty_label=_("All")
    )
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Activity
        fields = ["kind", "year", "quarter", "month", "q"]


class HonourFilter(LedgerFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Honour.Kind.choices, empty_label=_("All")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Honour.Level.choices, empty_label=_("All")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="awarded_on__year", choices=(), empty_label=_("All")
    )

    class Meta:
        model = Honour
        fields = ["kind", "level", "year"]
