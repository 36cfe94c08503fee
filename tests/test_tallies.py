"""The counts the board reads (activities.tallies) against a count from scratch, after
random writes through the models' own save and delete, as the app's forms make them."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities import tallies
from activities.compliance import load_years
from activities.models import Attendance, ComplianceRule, Meeting, MonthTally
from branches.models import Member, Organization
from core.periods import Frequency, Period

from .factories import (
    BranchFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    OfficerFactory,
    PartyGroupFactory,
)

Kind = Meeting.Kind
# Month, quarter and year boundaries, and a year before the ones the pages offer.
DAYS = [
    datetime.date(2020, 6, 30),
    datetime.date(2021, 1, 1),
    datetime.date(2023, 12, 31),
    datetime.date(2024, 1, 1),
    datetime.date(2024, 1, 31),
    datetime.date(2024, 2, 1),
    datetime.date(2024, 3, 31),
    datetime.date(2024, 4, 1),
    datetime.date(2024, 6, 30),
    datetime.date(2024, 12, 31),
    datetime.date(2025, 1, 1),
]
days = st.one_of(
    st.sampled_from(DAYS),
    st.dates(datetime.date(2021, 1, 1), datetime.date(2026, 12, 31)),
)
branch_numbers = st.integers(0, 1)

writes = st.one_of(
    st.tuples(st.just("meeting"), branch_numbers, st.sampled_from(list(Kind)), days),
    st.tuples(st.just("move"), st.integers(0, 50), days),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("absent"), st.integers(0, 50)),
    st.tuples(st.just("member"), branch_numbers, st.booleans()),
    st.tuples(st.just("transfer"), st.integers(0, 50), days),
    st.tuples(st.just("group"), branch_numbers, days),
    st.tuples(
        st.just("rule"),
        st.sampled_from([Kind.COMMITTEE, Kind.THEME_DAY, Kind.LECTURE, Kind.GENERAL]),
        st.sampled_from(Frequency.values),
        st.integers(0, 2),
    ),
    st.tuples(st.just("founded"), branch_numbers, st.one_of(st.none(), days)),
)


@pytest.fixture
def branches(db):
    committee = CommitteeFactory()
    result = [BranchFactory(parent=committee), BranchFactory(parent=committee)]
    for branch in result:
        group = PartyGroupFactory(branch=branch)
        MemberFactory(branch=branch, committee_role="secretary", group=group)
        MemberFactory(branch=branch, group=group)
        # Meetings on a year's and a quarter's last day, for writes to move and delete.
        MeetingFactory(branch=branch, kind=Kind.GROUP, group=group, held_on=DAYS[2])
        MeetingFactory(branch=branch, kind=Kind.THEME_DAY, held_on=DAYS[6])
    for year in range(2021, 2027):  # as the board asks for them
        tallies.cover(Organization.objects.filter(parent=committee), year)
    return result


def _pick(queryset, number):
    rows = list(queryset.order_by("pk"))
    return rows[number % len(rows)] if rows else None


def _write(write, branches):
    """One write as a page of the app would make it; nothing when it does not apply."""
    name, *args = write
    if name == "meeting":
        number, kind, day = args
        branch = branches[number]
        members = list(branch.members.active().order_by("pk"))
        fields = {"branch": branch, "kind": kind, "held_on": day}
        if kind == Kind.GROUP:
            fields["group"] = branch.party_groups.first()
        elif kind == Kind.LECTURE:
            fields["lecturer"] = members[0] if members else None
        elif kind == Kind.TALK:
            if len(members) < 2:
                return
            fields["host"], fields["interviewee"] = members[0], members[-1]
        MeetingFactory(**fields)
    elif name == "move":
        meeting = _pick(Meeting.objects.all(), args[0])
        if meeting:
            meeting.held_on = args[1]
            meeting.save()
    elif name == "delete":
        meeting = _pick(Meeting.objects.all(), args[0])
        if meeting:
            meeting.delete()
    elif name == "absent":
        meeting = _pick(Meeting.objects.taking_attendance(), args[0])
        if meeting:
            meeting.record_attendance(
                {row.member: (Attendance.Status.SICK, "") for row in meeting.attendance.all()}
            )
    elif name == "member":
        number, on_committee = args
        MemberFactory(branch=branches[number], committee_role="member" if on_committee else "")
    elif name == "transfer":
        member = _pick(Member.objects.active(), args[0])
        if member:
            member.transfer_out(args[1])
    elif name == "group":
        PartyGroupFactory(branch=branches[args[0]], formed_on=args[1])
    elif name == "rule":
        kind, period, minimum = args
        ComplianceRule.objects.update_or_create(
            organization=branches[0].parent,
            meeting_kind=kind,
            scope=ComplianceRule.Scope.BRANCH,
            defaults={"period": period, "minimum": minimum},
        )
    elif name == "founded":
        branch = Organization.objects.get(pk=branches[args[0]].pk)
        branch.founded_on = args[1]
        branch.save()


def _values(tally):
    return {name: getattr(tally, name) for name in tallies.COUNTED_FIELDS}


def _stored():
    return {(t.branch_id, t.year, t.month): _values(t) for t in MonthTally.objects.all()}


def _from_scratch(keys):
    years = {year for _branch, year, _month in keys}
    branches = Organization.objects.filter(pk__in={branch for branch, _year, _month in keys})
    return {
        (tally.branch_id, tally.year, tally.month): _values(tally)
        for record in load_years(branches, years).values()
        for tally in tallies.month_tallies(record)
    }


def _check_counts(branches):
    """The stored counts are what counting from scratch gives, and every year counted
    before is still counted."""
    stored = _stored()
    for branch in branches:
        for year in range(2021, 2027):
            assert all((branch.pk, year, month) in stored for month in range(1, 13))
    from_scratch = _from_scratch(stored)  # counts the years of either branch for both
    assert stored == {key: value for key, value in from_scratch.items() if key in stored}


def _check_against_the_records(branches, today):
    """The counts are right (_check_counts), and the board's figures read off them are
    what the branch's record says."""
    _check_counts(branches)
    for (pk, year), record in load_years(
        Organization.objects.filter(pk__in=[b.pk for b in branches]), [2021, 2024]
    ).items():
        rows = sorted(MonthTally.objects.filter(branch=pk, year=year), key=lambda t: t.month)
        for month in (1, 3, 4, 12):
            periods = [
                Period(Frequency.MONTH, year, month),
                Period.containing(Frequency.QUARTER, datetime.date(year, month, 1)),
                Period(Frequency.YEAR, year),
            ]
            figures = tallies.figures(rows, periods, today)
            assert figures["summaries"] == [record.summary(p, today) for p in periods]
            assert figures["months"] == record.month_statuses(today)
            assert figures["attendance"] == record.attendance_rate(periods[2])
        for tally in rows:
            held = Meeting.objects.filter(branch=pk, held_on__year=year, held_on__month=tally.month)
            for kind in Kind:
                assert getattr(tally, f"held_{kind.value}") == held.filter(kind=kind).count()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(writes, min_size=1, max_size=10),
    st.sampled_from(
        [datetime.date(2024, 1, 31), datetime.date(2024, 2, 1), datetime.date(2025, 1, 1)]
    ),
)
def test_the_counts_follow_every_write(branches, writes, today):
    with transaction.atomic():
        for write in writes:
            _write(write, branches)
            _check_counts(branches)
        _check_against_the_records(branches, today)
        transaction.set_rollback(True)  # the next example starts from the fixture again


def test_a_meeting_moved_to_another_year_leaves_the_old_one(branches):
    meeting = MeetingFactory(branch=branches[0], held_on=datetime.date(2023, 12, 31))
    meeting = Meeting.objects.get(pk=meeting.pk)  # as an edit page loads it
    meeting.held_on = datetime.date(2024, 1, 1)
    meeting.save()
    december = MonthTally.objects.get(branch=branches[0], year=2023, month=12)
    january = MonthTally.objects.get(branch=branches[0], year=2024, month=1)
    assert (december.held_committee, january.held_committee) == (0, 1)
    # December keeps the fixture's party group meeting (both members), January has the
    # committee's (the secretary).
    assert (december.expected, january.expected) == (2, 1)


def test_a_branch_is_counted_when_its_year_is_first_asked_for(client, branches):
    branch = BranchFactory(parent=branches[0].parent)
    MeetingFactory(branch=branch, held_on=datetime.date(2024, 3, 5))
    assert not MonthTally.objects.filter(branch=branch).exists()  # nobody asked yet
    officer = OfficerFactory(organization=branches[0].parent).user
    client.force_login(officer)
    client.get(reverse("overview:board") + "?year=2024")
    march = MonthTally.objects.get(branch=branch, year=2024, month=3)
    assert march.held_committee == 1
    assert MonthTally.objects.filter(branch=branch).count() == 12  # that year only


def test_a_rule_set_above_recounts_every_branch_below(branches):
    rows = MonthTally.objects.filter(branch__in=branches, year=2024, month=3)
    before = {row.branch_id: row.month_obligations for row in rows}
    ComplianceRule.objects.create(
        organization=branches[0].parent,
        meeting_kind=Kind.THEME_DAY,
        period=Frequency.MONTH,
        minimum=0,  # no 主题党日 owed any more
    )
    after = {row.branch_id: row.month_obligations for row in rows.all()}
    assert after == {pk: count - 1 for pk, count in before.items()}


def test_saving_a_profile_unchanged_recounts_nothing(branches):
    branch = Organization.objects.get(pk=branches[0].pk)
    branch.contact_phone = "010-12345678"
    with CaptureQueriesContext(connection) as queries:
        branch.save()
    assert not [query for query in queries if "activities_" in query["sql"]]
    branch.founded_on = datetime.date(2024, 7, 1)
    with CaptureQueriesContext(connection) as queries:
        branch.save()
    assert [query for query in queries if "activities_monthtally" in query["sql"]]


def test_a_write_counts_no_new_year(branches):
    MeetingFactory(branch=branches[0], held_on=datetime.date(2015, 5, 4))  # backdated
    assert not MonthTally.objects.filter(year=2015).exists()
    tallies.cover(Organization.objects.filter(pk__in=[b.pk for b in branches]), 2015)
    assert MonthTally.objects.filter(year=2015).count() == 24
    assert MonthTally.objects.get(branch=branches[0], year=2015, month=5).held_committee == 1


def test_the_year_is_opened_for_every_branch(branches):
    MonthTally.objects.filter(year=2026).delete()
    tallies.open_year(datetime.date(2026, 1, 1))
    assert MonthTally.objects.filter(year=2026).count() == 24


def test_the_command_counts_everything_again_from_scratch(branches, capsys):
    MeetingFactory(branch=branches[0], held_on=datetime.date(2024, 3, 5))
    before = _stored()
    MonthTally.objects.filter(branch=branches[1]).update(held_committee=99)  # gone wrong
    MonthTally.objects.filter(branch=branches[0], year=2022).delete()
    call_command("count_tallies")
    assert _stored() == before
    assert f"{len(before)} months of 6 years counted for 2 branches" in capsys.readouterr().out
    call_command("count_tallies", since=2019)
    assert MonthTally.objects.filter(year__in=[2019, 2020]).count() == 2 * 2 * 12
    with pytest.raises(CommandError):
        call_command("count_tallies", since=1990)
