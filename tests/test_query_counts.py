"""Every page runs the same number of queries whatever the amount of data behind it."""

import datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import Organization
from devdata.scale.pages import admin_user, bench_pages, count_queries
from devdata.scale.seeding import Sizes, seed
from rectifications import reminders
from reports.defaults import report_for

from .factories import (
    ActivityFactory,
    BranchFactory,
    ChecklistFactory,
    HonourFactory,
    ItemFactory,
    MeetingFactory,
    MemberFactory,
    MilestoneFactory,
    ResponsibilityFactory,
    StudyPlanItemFactory,
    attach_photo,
)

PAGES = [
    ("hq", "branches:list", lambda w: []),
    ("secretary", "overview:branch", lambda w: [w.branch.pk]),
    ("secretary", "branches:member_list", lambda w: [w.branch.pk]),
    ("secretary", "overview:member", lambda w: [w.member.pk]),
    ("member", "responsibilities:list", lambda w: [w.branch.pk]),
    ("member", "responsibilities:detail", lambda w: [w.zone.pk]),
    ("member", "responsibilities:mine", lambda w: []),
    ("hq", "overview:board", lambda w: []),
    ("hq", "activities:compliance", lambda w: [w.branch.pk]),
    ("secretary", "activities:meeting_list", lambda w: [w.branch.pk]),
    ("secretary", "activities:meeting_detail", lambda w: [w.meeting.pk]),
    ("secretary", "activities:meeting_edit", lambda w: [w.meeting.pk]),
    ("secretary", "activities:activity_list", lambda w: [w.branch.pk]),
    ("secretary", "activities:activity_detail", lambda w: [w.activity.pk]),
    ("secretary", "activities:honour_list", lambda w: [w.branch.pk]),
    ("secretary", "activities:study_plan", lambda w: [w.branch.pk, 2024]),
    ("hq", "rectifications:checklist_list", lambda w: [w.branch.pk]),
    ("secretary", "rectifications:checklist_detail", lambda w: [w.checklist.pk]),
    ("hq", "rectifications:item_list", lambda w: [w.branch.pk]),
    ("member", "rectifications:item_detail", lambda w: [w.item.pk]),
    ("member", "overview:reminders", lambda w: []),
    ("hq", "reports:index", lambda w: []),
    # This year's report, started: the one the growing data falls into.
    ("hq", "reports:report", lambda w: _this_years_report(w)),
    ("secretary", "reports:preview", lambda w: _this_years_report(w)),
]


def _this_years_report(world):
    report = report_for(world.branch, timezone.localdate().year)
    return [report.branch_id, report.year]


# The benchmark's pages (make bench, scale/pages.py) at the addresses it measures, on its
# generated headquarters: a small one, and one with three times the branches, twice the
# members, a year more and more of everything else.
SMALL_HQ = Sizes(branches=2, members=8, transferred=2, years=2, talks=4, items=12)
LARGER_HQ = Sizes(branches=6, members=16, transferred=6, years=3, talks=10, items=40)
BENCH_PAGES = [
    "board_cold",
    "board",
    "dashboard",
    "meetings_kind_year",
    "meetings_last_page",
    "meeting_detail",
    "items_overdue",
    "mine",
    "admin",
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
    # Rectification: more checklists and items, a timeline with evidence, reminders.
    for _ in range(3):
        checklist = ChecklistFactory(branch=world.branch)
        ItemFactory.create_batch(4, checklist=checklist, owner=world.member)
        ItemFactory(checklist=checklist, owner=members[0], deadline=datetime.date(2024, 1, 1))
    item = world.item
    for note in ("第一次进展", "第二次进展"):
        attach_photo(item.move("report", world.users["member"], note, item.steps.count()))
    attach_photo(item)
    _remind_a_month_ahead()


def _remind_a_month_ahead():
    """Reminders as they will be in a month, when every open item is overdue."""
    reminders.create_reminders(timezone.localdate() + datetime.timedelta(days=30))


def _count(client, url):
    """The queries of `url` as everyone but the first to ask finds it: the board's first
    request for a year counts it for the branches added since (activities.tallies.cover),
    once; the benchmark's cold board (below) is that request."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("role", "name", "args"), PAGES, ids=[page[1] for page in PAGES])
def test_queries_do_not_grow_with_the_data(client, world, role, name, args):
    client.force_login(world.users[role])
    url = reverse(name, args=args(world))
    _edit(world, 0, world.secretary)
    _remind_a_month_ahead()
    client.get(url)  # warm up the session and the content-type cache
    before = _count(client, url)
    _grow(world)
    assert _count(client, url) == before


def _bench_queries(sizes):
    """{page key: (queries, the page of the list shown)} of every benchmarked page on a
    generated headquarters of `sizes`, rolled back afterwards."""
    result = {}
    with transaction.atomic():
        seed(sizes, timezone.localdate())
        _one_more_overdue_item(Organization.objects.get(short_name="项目001"))
        admin_user()
        for page in bench_pages():
            queries, response = count_queries(page, Client())
            result[page.key] = (queries, response.context.get("page"))
        transaction.set_rollback(True)
    return result


def _one_more_overdue_item(branch):
    """At these small sizes the benchmarked branch has no overdue item on some days, and
    an empty list would count fewer queries than a full one."""
    today = timezone.localdate()
    ItemFactory(
        checklist=branch.checklists.first(),
        owner=branch.members.first(),
        found_on=today - datetime.timedelta(days=20),
        deadline=today - datetime.timedelta(days=5),
    )


@pytest.fixture(scope="module")
def bench_queries(django_db_setup, django_db_blocker):
    """Both headquarters are generated once for all the benchmarked pages' tests."""
    with django_db_blocker.unblock():
        return _bench_queries(SMALL_HQ), _bench_queries(LARGER_HQ)


@pytest.mark.django_db
@pytest.mark.parametrize("key", BENCH_PAGES)
def test_the_benchmarked_pages_run_fixed_queries(bench_queries, key):
    small, larger = bench_queries
    assert list(small) == BENCH_PAGES  # every page the benchmark measures is here
    assert larger[key][0] == small[key][0]
    if key == "items_overdue":
        assert all(page.object_list for _queries, page in (small[key], larger[key]))
    if key == "meetings_last_page":  # deep in the list: its last page, not its first
        for _queries, page in (small[key], larger[key]):
            assert page.number > 1 and not page.has_next()
