"""Every page runs the same number of queries whatever the amount of data behind it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import (
    ActivityFactory,
    BranchFactory,
    HonourFactory,
    MeetingFactory,
    MemberFactory,
    MilestoneFactory,
    ResponsibilityFactory,
    StudyPlanItemFactory,
    attach_photo,
)

PAGES = [
    ("hq", "branches:list", lambda w: []),
    ("secretary", "branches:detail", lambda w: [w.branch.pk]),
    ("secretary", "branches:member_list", lambda w: [w.branch.pk]),
    ("secretary", "branches:member_detail", lambda w: [w.member.pk]),
    ("member", "responsibilities:list", lambda w: [w.branch.pk]),
    ("member", "responsibilities:detail", lambda w: [w.zone.pk]),
    ("member", "responsibilities:mine", lambda w: []),
    ("hq", "activities:board", lambda w: []),
    ("hq", "activities:compliance", lambda w: [w.branch.pk]),
    ("secretary", "activities:meeting_list", lambda w: [w.branch.pk]),
    ("secretary", "activities:meeting_detail", lambda w: [w.meeting.pk]),
    ("secretary", "activities:meeting_edit", lambda w: [w.meeting.pk]),
    ("secretary", "activities:activity_list", lambda w: [w.branch.pk]),
    ("secretary", "activities:activity_detail", lambda w: [w.activity.pk]),
    ("secretary", "activities:honour_list", lambda w: [w.branch.pk]),
    ("secretary", "activities:study_plan", lambda w: [w.branch.pk, 2024]),
]


def _edit(world, number, member):
    """One edit of each kind, so history names a related group and a changed member list."""
    world.member.job = f"岗位{number}"
    world.member.group = world.group if number % 2 else None
    world.member.save()
    world.zone.name = f"甲责任区{number}"
    world.zone.save()
    world.zone.members.add(member)
    world.meeting.topic = f"甲支委会{number}"
    world.meeting.save()
    world.activity.members.add(member)


def _grow(world):
    """More of everything: branches, members, posts, key nodes and edits with history."""
    for _ in range(5):
        BranchFactory(parent=world.committee)
    members = MemberFactory.create_batch(15, branch=world.branch, group=world.group)
    for number in range(6):
        zone = ResponsibilityFactory(branch=world.branch)
        zone.members.add(world.member, *members[number : number + 3])
        MilestoneFactory.create_batch(3, responsibility=zone)
    MilestoneFactory.create_batch(5, responsibility=world.zone)
    for number in range(1, 7):
        _edit(world, number, members[number])
    plan_items = StudyPlanItemFactory.create_batch(4, plan=world.plan_item.plan)
    for number, kind in enumerate(["committee", "theme_day", "general", "lecture"]):
        meeting = MeetingFactory(
            branch=world.branch, kind=kind, absent=members[:2], study_plan_item=plan_items[number]
        )
        attach_photo(meeting)
        ActivityFactory(branch=world.branch, study_plan_item=plan_items[number])
        HonourFactory(branch=world.branch, quantity=number + 1)
    MeetingFactory(branch=world.branch, kind="group", group=world.group)
    MeetingFactory(branch=world.branch, kind="talk", host=world.secretary, interviewee=members[0])
    for _ in range(3):
        attach_photo(world.meeting)
        attach_photo(world.activity)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("role", "name", "args"), PAGES, ids=[page[1] for page in PAGES])
def test_queries_do_not_grow_with_the_data(client, world, role, name, args):
    client.force_login(world.users[role])
    url = reverse(name, args=args(world))
    _edit(world, 0, world.secretary)
    client.get(url)  # warm up the session and the content-type cache
    before = _count(client, url)
    _grow(world)
    assert _count(client, url) == before
