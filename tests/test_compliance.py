"""The meeting rules of DESIGN §4: periods, done / due / missed, a branch's grid."""

import datetime
import re

import pytest
from django.urls import reverse

from activities.compliance import Status, load_records
from activities.models import ComplianceRule, Meeting
from branches.models import Organization
from core.periods import Period

from .factories import (
    MeetingFactory,
    MemberFactory,
    PartyGroupFactory,
)

MONTH, QUARTER, YEAR = "month", "quarter", "year"
JAN_15 = datetime.date(2024, 1, 15)


def _statuses(branch, period, today, nested=False):
    record = load_records([branch], period.year)[branch.pk]
    return {
        (o.meeting_kind, o.scope, o.subject): (o.held, o.required, o.status)
        for o in record.obligations(period, today, nested=nested)
    }


def test_periods_know_their_months_and_ends():
    assert list(Period(QUARTER, 2024, 2).months) == [4, 5, 6]
    assert Period(MONTH, 2024, 2).end == datetime.date(2024, 2, 29)
    assert Period(QUARTER, 2024, 4).end == datetime.date(2024, 12, 31)
    assert Period.containing(QUARTER, datetime.date(2024, 8, 1)) == Period(QUARTER, 2024, 3)
    assert Period(YEAR, 2024).parts(QUARTER) == [Period(QUARTER, 2024, n) for n in range(1, 5)]
    assert Period(MONTH, 2024, 5).parts(YEAR) == []


def test_monthly_rule_is_done_missed_or_due(world):
    MeetingFactory(branch=world.branch, kind=Meeting.Kind.COMMITTEE, held_on=JAN_15)
    today = datetime.date(2024, 3, 10)
    key = (Meeting.Kind.COMMITTEE, "branch", "")
    assert _statuses(world.branch, Period(MONTH, 2024, 1), today)[key] == (1, 1, Status.DONE)
    assert _statuses(world.branch, Period(MONTH, 2024, 2), today)[key] == (0, 1, Status.MISSED)
    # The month under way and the months ahead are due, never missed.
    assert _statuses(world.branch, Period(MONTH, 2024, 3), today)[key][2] == Status.DUE
    assert _statuses(world.branch, Period(MONTH, 2024, 9), today)[key][2] == Status.DUE


def test_group_meetings_are_counted_per_group(world):
    second = PartyGroupFactory(branch=world.branch, name="第二党小组")
    MeetingFactory(branch=world.branch, kind=Meeting.Kind.GROUP, group=world.group, held_on=JAN_15)
    result = _statuses(world.branch, Period(MONTH, 2024, 1), datetime.date(2024, 2, 1))
    assert result[(Meeting.Kind.GROUP, "each_group", world.group.name)][2] == Status.DONE
    assert result[(Meeting.Kind.GROUP, "each_group", second.name)] == (0, 1, Status.MISSED)


def test_the_secretary_must_lecture_once_a_year(world):
    lecture = dict(branch=world.branch, kind=Meeting.Kind.LECTURE, held_on=JAN_15)
    MeetingFactory(**lecture, lecturer=world.member)
    end_of_year = datetime.date(2025, 1, 2)
    result = _statuses(world.branch, Period(YEAR, 2024), end_of_year)
    assert result[(Meeting.Kind.LECTURE, "secretary", "")] == (0, 1, Status.MISSED)
    MeetingFactory(**lecture, lecturer=world.secretary)
    result = _statuses(world.branch, Period(YEAR, 2024), end_of_year)
    assert result[(Meeting.Kind.LECTURE, "secretary", "")] == (1, 1, Status.DONE)


def test_talks_must_cover_each_committee_member_with_each_member(world):
    # 甲: secretary and member, plus a second committee member: pairs = 2*1 + 1 = 3.
    deputy = MemberFactory(branch=world.branch, committee_role="deputy_secretary")
    talk = dict(branch=world.branch, kind=Meeting.Kind.TALK, held_on=JAN_15)
    MeetingFactory(**talk, host=world.secretary, interviewee=world.member)
    MeetingFactory(**talk, host=world.secretary, interviewee=world.member)  # same pair again
    MeetingFactory(**talk, host=deputy, interviewee=world.member)
    end_of_year = datetime.date(2025, 1, 2)
    key = (Meeting.Kind.TALK, "each_pair", "")
    assert _statuses(world.branch, Period(YEAR, 2024), end_of_year)[key] == (2, 3, Status.MISSED)
    MeetingFactory(**talk, host=deputy, interviewee=world.secretary)
    assert _statuses(world.branch, Period(YEAR, 2024), end_of_year)[key] == (3, 3, Status.DONE)


def test_a_group_set_up_later_owes_nothing_for_the_months_before(world):
    newer = PartyGroupFactory(branch=world.branch, formed_on=datetime.date(2024, 6, 20))
    key = (Meeting.Kind.GROUP, "each_group", newer.name)
    end_of_year = datetime.date(2025, 1, 2)
    assert key not in _statuses(world.branch, Period(MONTH, 2024, 5), end_of_year)
    assert _statuses(world.branch, Period(MONTH, 2024, 6), end_of_year)[key][2] == Status.MISSED
    old = (Meeting.Kind.GROUP, "each_group", world.group.name)
    assert old in _statuses(world.branch, Period(MONTH, 2024, 5), end_of_year)


def test_last_years_lecture_by_the_secretary_still_counts_after_a_new_one(world):
    MeetingFactory(
        branch=world.branch, kind=Meeting.Kind.LECTURE, held_on=JAN_15, lecturer=world.secretary
    )
    world.secretary.committee_role = ""
    world.secretary.save()
    world.member.committee_role = "secretary"
    world.member.save()
    result = _statuses(world.branch, Period(YEAR, 2024), datetime.date(2025, 1, 2))
    assert result[(Meeting.Kind.LECTURE, "secretary", "")] == (1, 1, Status.DONE)


def test_members_who_left_before_a_year_need_no_talk_in_it(world):
    # 甲: the secretary and one member, one pair; a member who left in 2023 adds none to
    # 2024, one who left in 2024 still had to be talked with.
    key = (Meeting.Kind.TALK, "each_pair", "")
    end_of_year = datetime.date(2025, 1, 2)
    MemberFactory(branch=world.branch).transfer_out(datetime.date(2023, 11, 1), "")
    assert _statuses(world.branch, Period(YEAR, 2024), end_of_year)[key][1] == 1
    MemberFactory(branch=world.branch).transfer_out(datetime.date(2024, 3, 1), "")
    assert _statuses(world.branch, Period(YEAR, 2024), end_of_year)[key][1] == 2


def test_a_committee_can_set_stricter_rules_for_its_branches(world):
    ComplianceRule.objects.create(
        organization=world.committee,
        meeting_kind=Meeting.Kind.COMMITTEE,
        period=ComplianceRule.Frequency.MONTH,
        minimum=2,
    )
    MeetingFactory(branch=world.branch, kind=Meeting.Kind.COMMITTEE, held_on=JAN_15)
    ComplianceRule.objects.create(
        organization=world.committee,
        meeting_kind=Meeting.Kind.THEME_DAY,
        period=ComplianceRule.Frequency.MONTH,
        minimum=0,
    )
    result = _statuses(world.branch, Period(MONTH, 2024, 1), datetime.date(2024, 2, 1))
    # The committee's rules replace the defaults they name; the others still apply.
    assert result[(Meeting.Kind.COMMITTEE, "branch", "")] == (1, 2, Status.MISSED)
    assert (Meeting.Kind.THEME_DAY, "branch", "") not in result
    assert result[(Meeting.Kind.GROUP, "each_group", world.group.name)][2] == Status.MISSED
    # A rule on the branch itself wins over its committee's.
    ComplianceRule.objects.create(
        organization=world.branch,
        meeting_kind=Meeting.Kind.COMMITTEE,
        period=ComplianceRule.Frequency.MONTH,
        minimum=1,
    )
    result = _statuses(world.branch, Period(MONTH, 2024, 1), datetime.date(2024, 2, 1))
    assert result[(Meeting.Kind.COMMITTEE, "branch", "")] == (1, 1, Status.DONE)


def test_periods_before_the_branch_was_founded_ask_nothing(world):
    world.branch.founded_on = datetime.date(2024, 6, 10)
    world.branch.save()
    assert _statuses(world.branch, Period(MONTH, 2024, 5), datetime.date(2025, 1, 1)) == {}
    assert _statuses(world.branch, Period(MONTH, 2024, 6), datetime.date(2025, 1, 1))


def test_a_quarter_counts_its_own_rules_and_its_months(world):
    MeetingFactory(branch=world.branch, kind=Meeting.Kind.GENERAL, held_on=JAN_15)
    record = load_records([world.branch], 2024)[world.branch.pk]
    summary = record.summary(Period(QUARTER, 2024, 1), datetime.date(2024, 4, 2))
    # Quarterly: general meeting done, lecture missed. Monthly, for each of 3 months:
    # committee, theme day, the group's meeting, all missed.
    assert summary == {Status.MISSED: 1 + 3 * 3, Status.DUE: 0, Status.DONE: 1}


def test_attendance_rate_over_a_period(world):
    others = MemberFactory.create_batch(2, branch=world.branch)
    MeetingFactory(branch=world.branch, kind=Meeting.Kind.GENERAL, held_on=JAN_15, absent=others)
    MeetingFactory(branch=world.branch, kind=Meeting.Kind.THEME_DAY, held_on=JAN_15)
    record = load_records([world.branch], 2024)[world.branch.pk]
    # 4 expected twice, 2 absent once: 6 of 8.
    assert record.attendance_rate(Period(MONTH, 2024, 1)) == pytest.approx(6 / 8)
    assert record.attendance_rate(Period(MONTH, 2024, 2)) is None


def test_branch_compliance_grid_marks_missed_months(client, world):
    client.force_login(world.users["hq"])
    response = client.get(reverse("activities:compliance", args=[world.branch.pk]) + "?year=2024")
    content = response.content.decode()
    assert response.context["summary"][Status.DONE] == 0
    assert 'class="text-center cell-missed"' in content


def test_compliance_grid_marks_the_month_a_board_chip_opens(client, world):
    client.force_login(world.users["hq"])
    url = reverse("activities:compliance", args=[world.branch.pk]) + "?year=2024&month=8"
    content = client.get(url).content.decode()
    # The chip's link (#month-8) lands on August's column, marked out: its header and the
    # cells of 甲's three monthly rules (支委会, 主题党日, its group's meeting).
    assert re.findall(r"<th [^>]*aria-current[^>]*>", content) == [
        '<th class="text-center" id="month-8" aria-current="true">'
    ]
    assert len(re.findall(r'<td [^>]*class="[^"]*month-selected', content)) == 3
    # Each cell says its status in words and by a sign, not by its colour alone.
    missed = re.findall(r'<td [^>]*class="[^"]*cell-missed[^"]*"[^>]*>(.*?)</td>', content)
    assert missed and all("✗" in cell and "未完成" in cell for cell in missed)


def test_compliance_grid_leaves_the_months_before_the_founding_empty(client, world):
    world.branch.founded_on = datetime.date(2024, 6, 1)
    world.branch.save()
    client.force_login(world.users["hq"])
    url = reverse("activities:compliance", args=[world.branch.pk]) + "?year=2024&month=6"
    content = client.get(url).content.decode()
    # Nothing was owed from January to May: June's cells stand under June, the third
    # quarter's under July to September.
    committee = next(row for row in content.split("<tr") if "支部委员会会议" in row)
    assert re.findall(r'<td colspan="(\d+)"', committee) == ["5"] + ["1"] * 7
    assert "month-selected" in committee.split("<td")[2]
    congress = next(row for row in content.split("<tr") if "支部党员大会" in row)
    assert re.findall(r'<td colspan="(\d+)"', congress) == ["3", "3", "3", "3"]


def test_every_year_since_a_branch_was_founded_can_be_chosen(client, world):
    this_year = datetime.date.today().year
    client.force_login(world.users["hq"])
    Organization.objects.exclude(pk=world.branch.pk).update(founded_on=None)  # not known
    world.branch.founded_on = datetime.date(this_year - 9, 5, 1)
    world.branch.save()
    grid = client.get(reverse("activities:compliance", args=[world.branch.pk]))
    assert list(grid.context["years"]) == list(range(this_year, this_year - 10, -1))
    board = client.get(reverse("overview:board"))
    assert list(board.context["years"]) == list(range(this_year, this_year - 10, -1))
    world.branch.founded_on = datetime.date(this_year, 1, 1)  # a new one: the usual six
    world.branch.save()
    grid = client.get(reverse("activities:compliance", args=[world.branch.pk]))
    assert list(grid.context["years"]) == list(range(this_year, this_year - 6, -1))
