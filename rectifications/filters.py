import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import LedgerFilterSet

from .models import Item


class ItemFilter(LedgerFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Item.Status.choices, empty_label=_("All")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Item.Category.choices, empty_label=_("All")
    )
    year = django_filters.ChoiceFilter(
        label=_("Found in"), field_name="found_on__year", choices=(), empty_label=_("All")
    )
    q = django_filters.CharFilter(label=_("Problem or responsible"), method="filter_text")

    class Meta:
        model = Item
        fields = ["status", "overdue", "category", "year", "q"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(problem__icontains=value) | Q(owner__name__icontains=value))
