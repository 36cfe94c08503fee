from typing import Any

import django_filters
from django.db.models import QuerySet

from .years import Founded, offered_years


class LedgerFilterSet(django_filters.FilterSet):
    """A filter of one branch's records whose form says what is wrong with a value instead
    of leaving that filter out: a secretary asking for a year the list cannot filter by
    must not be handed the whole ledger (or its export) as if it were that year's.

    A `year` filter offers the branch's years (core.years.offered_years), not every
    year since 2000."""

    def __init__(self, *args: Any, branch: Founded, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "year" in self.filters:
            years = offered_years([branch])
            self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]

    @property
    def qs(self) -> QuerySet[Any]:
        if self.is_bound and not self.form.is_valid():
            # django-filter sets the queryset from Meta.model when it is given none.
            return self.queryset.none()  # type: ignore[union-attr]
        return super().qs
