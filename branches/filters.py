import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Member
from .years import offered_years


class LedgerFilterSet(django_filters.FilterSet):
    """A filter of one branch's records whose form says what is wrong with a value instead
    of leaving that filter out: a secretary asking for a year the list cannot filter by
    must not be handed the whole ledger (or its export) as if it were that year's.

    A `year` filter offers the branch's years (branches.years.offered_years), not every
    year since 2000."""

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        if "year" in self.filters:
            years = offered_years([branch])
            self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return super().qs


class MemberFilter(LedgerFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Member.Status.choices, empty_label=_("All")
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Party group"), queryset=None, empty_label=_("All")
    )
    committee_role = django_filters.ChoiceFilter(
        label=_("Committee role"), choices=Member.CommitteeRole.choices, empty_label=_("All")
    )

    class Meta:
        model = Member
        fields = ["q", "status", "group", "committee_role"]

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, branch=branch, **kwargs)
        self.filters["group"].queryset = branch.party_groups.all()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(job__icontains=value) | Q(phone__icontains=value)
        )
