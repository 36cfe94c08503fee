from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.periods import Frequency, Period
from core.years import offered_years, parse_year_and_month

from ..compliance import branch_record

MONTH, YEAR = Frequency.MONTH, Frequency.YEAR


@require_safe
@login_required
def branch_compliance(request, branch_pk):
    """One branch's year: every rule against every month, quarter and the year."""
    branch = request.access.branch_or_404(branch_pk)
    today = timezone.localdate()
    year, asked_month = parse_year_and_month(request.GET, today)
    record = branch_record(branch, year)
    year_period = Period(YEAR, year)
    lines = {}
    for obligation in record.obligations(year_period, today):
        key = (obligation.meeting_kind, obligation.scope, obligation.subject)
        line = lines.setdefault(key, {"label": obligation.label, "cells": []})
        first_month = obligation.period.months[0]
        if not line["cells"] and first_month > 1:
            # Founded (or its group set up) during the year: nothing owed before, and the
            # first cell still stands under its own month.
            line["cells"].append((None, first_month - 1))
        line["cells"].append((obligation, len(obligation.period.months)))
    return render(
        request,
        "activities/branch_compliance.html",
        {
            "branch": branch,
            "year": year,
            "lines": lines.values(),
            "summary": record.summary(year_period, today),
            "attendance": [
                record.attendance_rate(Period(MONTH, year, month)) for month in range(1, 13)
            ],
            "year_attendance": record.attendance_rate(year_period),
            "years": offered_years([branch]),
            "month_numbers": range(1, 13),
            # The month a chip of the board opens, marked out in the grid.
            "selected_month": asked_month if "month" in request.GET else None,
        },
    )
