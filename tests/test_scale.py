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
from branches.models import Member, Organization
from rectifications.models import Item
from scale.seeding import COMMITTEE, Sizes, seed

TODAY = datetime.date(2026, 11, 22)
SMALL = Sizes(branches=3, members=8, groups=2, years=2, items=24, secretaries=1)


def _fingerprint():
    meetings = Meeting.objects.order_by("branch__name", "held_on", "kind", "group__name", "pk")
    return (
        list(
            meetings.values_list(
                "branch__name", "kind", "held_on", "expected_count", "present_count"
            )
        ),
        list(
            Attendance.objects.order_by(
                "meeting__branch__name", "meeting__held_on", "member__name"
            ).values_list("meeting__held_on", "member__name", "status")
        ),
        sorted(Item.objects.values_list("branch__name", "number", "status", "deadline")),
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
    assert first[0] and first[1]


def test_it_makes_branches_meetings_with_attendance_and_items_in_every_status(db):
    counts = seed(SMALL, TODAY)
    committee = Organization.objects.get(name=COMMITTEE)
    branches = Organization.objects.within(committee).branches()
    assert branches.count() == 3
    assert Member.objects.filter(branch__in=branches).count() == 3 * 8
    # About 58 meetings a year per branch (3 % skipped), none after today.
    meetings = Meeting.objects.filter(branch__in=branches)
    assert 3 * 58 * 1.5 < meetings.count() < 3 * 59 * 2
    assert not meetings.filter(held_on__gt=TODAY).exists()
    for meeting in meetings.filter(kind=Meeting.Kind.COMMITTEE)[:5]:
        assert meeting.expected_count == meeting.attendance.count() == 5
        assert meeting.present_count == meeting.attendance.filter(status="present").count()
    assert set(Item.objects.values_list("status", flat=True)) == set(Item.Status.values)
    assert counts[Attendance] == Attendance.objects.count()


def test_the_generated_accounts_see_their_pages(client, db):
    seed(SMALL, TODAY)
    branch = Organization.objects.get(short_name="项目001")
    for username, url in [
        ("scale_hq", reverse("activities:board")),
        ("scale_secretary_001", reverse("branches:detail", args=[branch.pk])),
        ("scale_member_001", reverse("responsibilities:mine")),
    ]:
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get(url).status_code == 200


def test_seeding_twice_is_refused(db):
    seed(SMALL, TODAY)
    with pytest.raises(CommandError, match="seeded already"):
        call_command("seed_scale", "--branches", "1", "--allow-sqlite")


def test_the_command_seeds_postgresql_and_asks_before_seeding_sqlite(db):
    args = ["--branches", "2", "--years", "1", "--items", "4", "--secretaries", "1"]
    if connection.vendor == "postgresql":  # COPY, then ANALYZE
        call_command("seed_scale", *args, stdout=io.StringIO())
        assert Meeting.objects.filter(branch__parent__name=COMMITTEE).exists()
    else:
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("seed_scale", *args)
