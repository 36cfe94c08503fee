"""Whether branches hold their meetings as often as the rules ask (DESIGN §4).

`load_years(branches, years)` reads, in a fixed number of queries whatever the number
of branches and years, what each branch held in each year, counted per month. Each
`BranchRecord` then answers, without further queries, which obligations of a month,
quarter or year are done, still due or missed. A period that is not over yet is never
"missed". What the board needs of every branch is kept counted (activities.tallies); a
page about one branch works it out here.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from branches.models import Member, Organization, PartyGroup
from core.periods import Period

from .models import ComplianceRule, Meeting

Frequency = ComplianceRule.Frequency
Scope = ComplianceRule.Scope


class Status:
    DONE = "done"
    DUE = "due"
    MISSED = "missed"
    LABELS = {DONE: _("done"), DUE: _("due"), MISSED: _("missed")}
    # Worst first: a month with one missed obligation is a missed month.
    SEVERITY = [MISSED, DUE, DONE]


@dataclass
class Obligation:
    meeting_kind: str
    scope: str
    period: Period
    required: int
    held: int
    status: str
    subject: str = ""  # the party group, for rules counted per group

    @property
    def met(self) -> bool:
        return self.held >= self.required

    @property
    def label(self):
        kind = Meeting.Kind(self.meeting_kind).label
        if self.scope == Scope.SECRETARY:
            return _("%(kind)s by the secretary") % {"kind": kind}
        if self.scope == Scope.EACH_PAIR:
            return _("%(kind)s (pairs)") % {"kind": kind}
        return f"{kind} · {self.subject}" if self.subject else kind

    @property
    def status_label(self):
        return Status.LABELS[self.status]


@dataclass
class BranchRecord:
    """What one branch held in one year, counted per month."""

    branch: Organization
    year: int
    rules: list
    meetings: Counter = field(default_factory=Counter)  # (kind, month)
    group_meetings: Counter = field(default_factory=Counter)  # (group id, month)
    groups: list = field(default_factory=list)  # (group id, name, set up on)
    secretary_lectures: Counter = field(default_factory=Counter)  # month
    talks: list = field(default_factory=list)  # (month, frozenset of the two member ids)
    required_pairs: int = 0
    expected: Counter = field(default_factory=Counter)  # attendance rows per month
    present: Counter = field(default_factory=Counter)
    _obligations: dict = field(default_factory=dict, repr=False)  # by the day asked about

    def obligations(
        self, period: Period, today: datetime.date, nested: bool = True
    ) -> list[Obligation]:
        """Every obligation falling in `period`: with `nested`, also those of its parts
        (a quarter's three months), otherwise only rules of the period's own length."""
        result = []
        for rule in self.rules:
            if nested:
                parts = period.parts(rule.period)
            else:
                parts = [period] if rule.period == period.kind else []
            for part in parts:
                if self._exists_in(part):
                    result.extend(self._evaluate(rule, part, today))
        return result

    def summary(self, period: Period, today: datetime.date) -> dict[str, int]:
        """done / due / missed of the obligations within `period` (its months' included)."""
        months = set(period.months)
        counts = Counter(
            o.status
            for o in self._whole_year(today)
            if o.period.year == period.year and months.issuperset(o.period.months)
        )
        return {status: counts.get(status, 0) for status in Status.SEVERITY}

    def month_statuses(self, today: datetime.date) -> list[str | None]:
        """The worst status of each month's own obligations, None where none apply."""
        found = [set() for _month in range(12)]
        for o in self._whole_year(today):
            if o.period.kind == Frequency.MONTH:
                found[o.period.number - 1].add(o.status)
        return [next((s for s in Status.SEVERITY if s in month), None) for month in found]

    def _whole_year(self, today):
        """The year's obligations, worked out once per day asked about: the board asks
        for a month, a quarter, the year and twelve month statuses of each branch."""
        if today not in self._obligations:
            self._obligations[today] = self.obligations(Period(Frequency.YEAR, self.year), today)
        return self._obligations[today]

    def attendance_rate(self, period: Period) -> float | None:
        expected = sum(self.expected[month] for month in period.months)
        if not expected:
            return None
        return sum(self.present[month] for month in period.months) / expected

    def _exists_in(self, period):
        founded = self.branch.founded_on
        return founded is None or founded <= period.end

    def _evaluate(self, rule, period, today):
        months = period.months

        def obligation(required, held, subject=""):
            if held >= required:
                status = Status.DONE
            elif period.is_over(today):
                status = Status.MISSED
            else:
                status = Status.DUE
            return Obligation(
                rule.meeting_kind, rule.scope, period, required, held, status, subject
            )

        if rule.scope == Scope.EACH_GROUP:
            return [
                obligation(rule.minimum, sum(self.group_meetings[(pk, m)] for m in months), name)
                for pk, name, formed_on in self.groups
                if formed_on <= period.end
            ]
        if rule.scope == Scope.SECRETARY:
            return [obligation(rule.minimum, sum(self.secretary_lectures[m] for m in months))]
        if rule.scope == Scope.EACH_PAIR:
            if not self.required_pairs:
                return []
            pairs = Counter(pair for month, pair in self.talks if month in months)
            met = sum(1 for count in pairs.values() if count >= rule.minimum)
            return [obligation(self.required_pairs, min(met, self.required_pairs))]
        return [
            obligation(rule.minimum, sum(self.meetings[(rule.meeting_kind, m)] for m in months))
        ]


def rules_for(branches):
    """Each branch's rules: the defaults, each replaced by a rule for the same kind and
    scope set higher up, the nearest organization winning; a minimum of 0 drops it."""
    ancestors = {pk for branch in branches for pk in branch.lineage_ids}
    by_organization = defaultdict(list)
    for rule in ComplianceRule.objects.filter(organization__in=ancestors):
        by_organization[rule.organization_id].append(rule)
    defaults = ComplianceRule.defaults()
    result = {}
    for branch in branches:
        rules = {(rule.meeting_kind, rule.scope): rule for rule in defaults}
        for pk in branch.lineage_ids:  # from the top down, so the nearest is applied last
            rules.update({(rule.meeting_kind, rule.scope): rule for rule in by_organization[pk]})
        result[branch.pk] = [rule for rule in rules.values() if rule.minimum > 0]
    return result


def load_records(branches: Iterable[Organization], year: int) -> dict[int, BranchRecord]:
    """A BranchRecord of `year` per branch id (see load_years)."""
    return {pk: record for (pk, _year), record in load_years(branches, [year]).items()}


def branch_record(branch: Organization, year: int) -> BranchRecord:
    return load_years([branch], [year])[(branch.pk, year)]


def load_years(
    branches: Iterable[Organization], years: Iterable[int]
) -> dict[tuple[int, int], BranchRecord]:
    """A BranchRecord per (branch id, year), in seven queries whatever the number of
    branches and years."""
    branches, years = list(branches), sorted(set(years))
    if not branches or not years:
        return {}
    ids = [branch.pk for branch in branches]
    rules = rules_for(branches)
    records = {
        (b.pk, year): BranchRecord(branch=b, year=year, rules=rules[b.pk])
        for b in branches
        for year in years
    }
    span = (Period(Frequency.YEAR, years[0]).start, Period(Frequency.YEAR, years[-1]).end)
    held = Meeting.objects.filter(branch__in=ids, held_on__range=span).annotate(
        year=ExtractYear("held_on"), month=ExtractMonth("held_on")
    )

    def counted(rows):
        """The rows of the years asked for, with their record (a span may have gaps)."""
        for row in rows:
            record = records.get((row["branch"], row["year"]))
            if record is not None:
                yield record, row

    for record, row in counted(
        held.values("branch", "year", "kind", "month").annotate(
            count=Count("pk"), expected=Sum("expected_count"), present=Sum("present_count")
        )
    ):
        record.meetings[(row["kind"], row["month"])] += row["count"]
        if Meeting.Kind(row["kind"]).takes_attendance:
            record.expected[row["month"]] += row["expected"] or 0
            record.present[row["month"]] += row["present"] or 0

    groups = defaultdict(list)
    for branch_id, *group in (
        PartyGroup.objects.filter(branch__in=ids)
        .order_by("name")
        .values_list("branch", "pk", "name", "formed_on")
    ):
        groups[branch_id].append(tuple(group))
    for (branch_id, _year), record in records.items():
        record.groups = groups[branch_id]

    for record, row in counted(
        held.of_kind(Meeting.Kind.GROUP)
        .values("branch", "year", "group", "month")
        .annotate(count=Count("pk"))
    ):
        record.group_meetings[(row["group"], row["month"])] += row["count"]

    for record, row in counted(
        held.of_kind(Meeting.Kind.LECTURE)
        .filter(lecturer_role=Member.CommitteeRole.SECRETARY)
        .values("branch", "year", "month")
        .annotate(count=Count("pk"))
    ):
        record.secretary_lectures[row["month"]] += row["count"]

    for record, row in counted(
        held.of_kind(Meeting.Kind.TALK).values("branch", "year", "month", "host", "interviewee")
    ):
        record.talks.append((row["month"], frozenset((row["host"], row["interviewee"]))))

    # The members of a year: whoever had not left before it began.
    members = Counter()  # (branch id, year): (members, of whom on the committee)
    on_committee = Counter()
    for row in (
        Member.objects.filter(branch__in=ids)
        .values("branch", "status", left=ExtractYear("transferred_out_on"))
        .annotate(total=Count("pk"), committee=Count("pk", filter=~Q(committee_role="")))
    ):
        gone = row["status"] == Member.Status.TRANSFERRED_OUT
        for year in years:
            if not gone or (row["left"] is not None and row["left"] >= year):
                members[(row["branch"], year)] += row["total"]
                on_committee[(row["branch"], year)] += row["committee"]
    for key, record in records.items():
        total, committee = members[key], on_committee[key]
        # Each committee member with every other member, each pair counted once.
        record.required_pairs = committee * (total - committee) + committee * (committee - 1) // 2
    return records
