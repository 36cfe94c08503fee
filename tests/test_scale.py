"""The generated headquarters of the benchmark, at a small size: what it makes, that it
makes the same again for the same seed, and that its accounts see what they should."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse

from activities.models import Attendance, Meeting
from branches.models import Member, Organization, PartyGroup
from devdata.scale.seeding import COMMITTEE, Sizes, seed
from rectifications.models import Item, Step
from rectifications.models.items import MOVES

TODAY = datetime.date(2026, 11, 22)
SMALL = Sizes(branches=3, members=8, transferred=2, years=2, items=40, member_accounts=1)


def _fingerprint():
    return (
        sorted(
            Meeting.objects.values_list(
                "branch__name", "kind", "held_on", "topic", "expected_count", "present_count"
            )
        ),
        sorted(
            Attendance.objects.values_list(
                "meeting__branch__name",
                "meeting__held_on",
                "meeting__kind",
                "member__name",
                "status",
            )
        ),
        sorted(Item.objects.values_list("branch__name", "number", "status", "deadline")),
        sorted(Step.objects.values_list("item__branch__name", "item__number", "move")),
    )


def _seed_and_roll_back():
    with transaction.atomic():
        counts = seed(SMALL, TODAY)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return counts, fingerprint


def test_the_same_seed_and_day_make_the_same_headquarters(db):
    first_counts, first = _seed_and_roll_back()
    second_counts, second = _seed_and_roll_back()
    assert first == second and first_counts == second_counts
    assert all(first)


def test_it_makes_two_years_of_meetings_in_the_frequencies_of_the_rules(db):
    counts = seed(SMALL, TODAY)
    committee = Organization.objects.get(name=COMMITTEE)
    branches = Organization.objects.within(committee).branches()
    assert branches.count() == 3
    members = Member.objects.filter(branch__in=branches)
    assert members.active().count() == 3 * 8
    assert members.filter(status=Member.Status.TRANSFERRED_OUT).count() == 3 * 2
    # 58 meetings a year per branch (a few skipped) over the 24 months before November
    # 2026 and November so far; talks on top.
    meetings = Meeting.objects.filter(branch__in=branches).exclude(kind=Meeting.Kind.TALK)
    assert 3 * 58 * 2 * 0.9 < meetings.count() <= 3 * (58 * 2 + 7)
    assert meetings.earliest("held_on").held_on >= datetime.date(2024, 11, 1)
    assert not meetings.filter(held_on__gt=TODAY).exists()
    assert counts[Attendance] == Attendance.objects.count()
    for meeting in meetings.filter(kind=Meeting.Kind.COMMITTEE)[:5]:
        assert meeting.expected_count == meeting.attendance.count() == 5
        assert meeting.present_count == meeting.attendance.filter(status="present").count()
    # Groups count from the day the branch was founded, when the records begin.
    for group in PartyGroup.objects.filter(branch__in=branches).select_related("branch"):
        assert group.formed_on == group.branch.founded_on == datetime.date(2024, 11, 1)


def test_members_who_left_attend_only_until_they_left(db):
    seed(SMALL, TODAY)
    for member in Member.objects.filter(status=Member.Status.TRANSFERRED_OUT):
        assert member.transferred_out_on and member.user is None
        rows = Attendance.objects.filter(member=member)
        assert rows.exists()
        assert not rows.filter(meeting__held_on__gte=member.transferred_out_on).exists()


def test_lectures_record_their_lecturers_role_and_talks_their_two_people(db):
    seed(SMALL, TODAY)
    lectures = Meeting.objects.filter(kind=Meeting.Kind.LECTURE).select_related("lecturer")
    assert lectures.filter(lecturer_role=Member.CommitteeRole.SECRETARY).exists()
    for lecture in lectures:
        assert lecture.lecturer_role == lecture.lecturer.committee_role != ""
    talks = Meeting.objects.filter(kind=Meeting.Kind.TALK)
    assert talks.count() >= 3 * 10  # ten a year in each branch, within the two years
    for talk in talks[:10]:
        assert talk.host.is_committee and talk.interviewee_id != talk.host_id
        assert set(talk.attendance.values_list("member", "status")) == {
            (talk.host_id, "present"),
            (talk.interviewee_id, "present"),
        }


def test_meetings_have_the_history_the_app_would_have_written(db):
    seed(SMALL, TODAY)
    meetings = Meeting.objects.all()
    secretary_users = set(Member.objects.committee().values_list("user", flat=True))
    for meeting in meetings.filter(version=2)[:10]:
        created, edited = meeting.history.order_by("history_date")
        assert (created.history_type, edited.history_type) == ("+", "~")
        assert created.minutes == "" and edited.minutes == meeting.minutes != ""
        assert created.history_user_id in secretary_users
    assert meetings.filter(version=1).count() > meetings.filter(version=2).count() > 0
    assert all(meeting.history.count() == 1 for meeting in meetings.filter(version=1)[:10])


def test_items_in_every_status_have_the_steps_that_brought_them_there(db):
    seed(SMALL, TODAY)
    items = Item.objects.all()
    assert items.count() == 3 * 40
    assert set(items.values_list("status", flat=True)) == set(Item.Status.values)
    assert items.overdue(TODAY).exists()
    for item in items.prefetch_related("steps"):
        steps = list(item.steps.all())
        status = Item.Status.OPEN
        for step in steps:  # each step one of MOVES, from the status the last one left
            move = MOVES[step.move]
            assert (step.source, step.target) == (move.source, move.target) == (status, move.target)
            status = step.target
        assert status == item.status
        assert item.history.count() == len(steps) + 1
        if item.is_closed:
            assert item.closed_on and item.verified_by_id and item.closed_on >= item.found_on


def test_the_generated_accounts_see_their_pages(client, db):
    seed(SMALL, TODAY)
    first, third = (Organization.objects.get(short_name=f"项目00{n}") for n in (1, 3))
    for username, url in [
        ("scale_hq", reverse("overview:board")),
        ("scale_secretary_001", reverse("overview:branch", args=[first.pk])),
        ("scale_secretary_003", reverse("activities:meeting_list", args=[third.pk])),
        ("scale_member_001", reverse("responsibilities:mine")),
    ]:
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get(url).status_code == 200
    assert not get_user_model().objects.filter(username="scale_member_002").exists()


def test_seeding_twice_is_refused(db):
    seed(SMALL, TODAY)
    with pytest.raises(CommandError, match="seeded already"):
        call_command("seed_scale", "--branches", "1", "--allow-sqlite")


def test_the_command_seeds_postgresql_and_asks_before_seeding_sqlite(db):
    args = ["--branches", "2", "--years", "1", "--items", "4", "--member-accounts", "1"]
    if connection.vendor == "postgresql":  # COPY, then ANALYZE
        out = io.StringIO()
        call_command("seed_scale", *args, stdout=out)
        assert Meeting.objects.filter(branch__parent__name=COMMITTEE).exists()
        assert "activities.HistoricalMeeting" in out.getvalue()
    else:
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("seed_scale", *args)
