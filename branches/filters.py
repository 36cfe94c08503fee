import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import LedgerFilterSet

from .models import Member


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
