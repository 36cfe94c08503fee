"""HQ's board and a branch's dashboard: what they show, in how many queries, never stale."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.compliance import Status
from activities.models import Meeting, MonthTally
from branches.models import Organization

from ..factories import (
    BranchFactory,
    ChecklistFactory,
    ItemFactory,
    MeetingFactory,
    MemberFactory,
    PartyGroupFactory,
)

JAN_15 = datetime.date(2024, 1, 15)


def _board_queries(client, url):
    """The queries of the board once its year is counted (activities.tallies.cover: the
    first request for a year counts it for the branches added since)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def _add_branches(world, count, start):
    """Branches with a group, two members, some meetings, all in January 2024, and
    rectification items, one of them overdue."""
    for number in range(start, start + count):
        branch = BranchFactory(parent=world.committee, name=f"扩展支部{number:03d}")
        group = PartyGroupFactory(branch=branch)
        secretary = MemberFactory(branch=branch, committee_role="secretary", group=group)
        member = MemberFactory(branch=branch, group=group)
        on_jan_15 = dict(branch=branch, held_on=JAN_15)
        MeetingFactory(**on_jan_15, kind=Meeting.Kind.COMMITTEE)
        MeetingFactory(**on_jan_15, kind=Meeting.Kind.THEME_DAY)
        MeetingFactory(**on_jan_15, kind=Meeting.Kind.GROUP, group=group)
        MeetingFactory(**on_jan_15, kind=Meeting.Kind.LECTURE, lecturer=secretary)
        MeetingFactory(**on_jan_15, kind=Meeting.Kind.TALK, host=secretary, interviewee=member)
        checklist = ChecklistFactory(branch=branch)
        ItemFactory(checklist=checklist, owner=member)
        ItemFactory(checklist=checklist, owner=member, found_on=JAN_15, deadline=JAN_15)


def test_board_queries_do_not_grow_with_the_number_of_branches(client, world):
    client.force_login(world.users["hq"])
    url = reverse("overview:board") + "?year=2024&month=1"
    client.get(url)  # warm up the session and the content-type cache
    _add_branches(world, 3, start=0)  # with 甲 and 乙: 5 branches
    with_5, response = _board_queries(client, url)
    assert response.content.decode().count("扩展支部") == 3
    _add_branches(world, 45, start=3)  # 50 branches
    with_50, response = _board_queries(client, url)
    assert response.content.decode().count("扩展支部") == 48
    assert with_5 == with_50
    print(f"HQ board queries: {with_5} with 5 branches, {with_50} with 50")


def test_board_shows_open_and_overdue_items_the_worst_first(client, world):
    _add_branches(world, 2, start=0)  # one overdue item each
    late = ChecklistFactory(branch=world.sibling)
    for _ in range(3):
        ItemFactory(checklist=late, deadline=JAN_15, found_on=JAN_15)
    client.force_login(world.users["hq"])
    response = client.get(reverse("overview:board") + "?year=2024&sort=rectification")
    rows = response.context["page"].object_list
    assert rows[0]["branch"] == world.sibling
    assert (rows[0]["open_items"], rows[0]["overdue_items"]) == (3, 3)
    own = next(row for row in rows if row["branch"] == world.branch)
    assert (own["open_items"], own["overdue_items"]) == (2, 0)  # the world's two items
    overdue_link = reverse("rectifications:item_list", args=[world.sibling.pk]) + "?overdue=on"
    assert overdue_link in response.content.decode()


def test_board_puts_the_branches_behind_first_and_links_to_them(client, world):
    for month in range(1, 13):
        on_day = dict(branch=world.sibling, held_on=datetime.date(2024, month, 5))
        MeetingFactory(**on_day, kind=Meeting.Kind.COMMITTEE)
        MeetingFactory(**on_day, kind=Meeting.Kind.THEME_DAY)
    client.force_login(world.users["hq"])
    content = client.get(reverse("overview:board") + "?year=2024&month=12").content.decode()
    # 甲 held one committee meeting all year; 乙 every monthly one it owes.
    assert content.index(world.branch.display_name) < content.index(world.sibling.display_name)
    assert reverse("activities:compliance", args=[world.branch.pk]) + "?year=2024" in content
    # Each row's twelve months, in the colour of the month's worst status.
    assert content.count('<a class="month-cell missed"') == 12  # 甲's
    assert content.count('<a class="month-cell done"') == 12  # 乙's
    content = client.get(reverse("overview:board") + "?year=2024&sort=name").content.decode()
    assert content.index(world.sibling.display_name) > content.index(world.branch.display_name)


def _row_text(content, branch):
    """The words of `branch`'s row on the board, without its markup."""
    row = next(row for row in content.split("<tr") if branch.display_name in row)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_board_says_what_each_count_is(client, world):
    ItemFactory(checklist=world.checklist, deadline=JAN_15, found_on=JAN_15)  # overdue
    client.force_login(world.users["hq"])
    content = client.get(reverse("overview:board") + "?year=2024&month=12").content.decode()
    row = _row_text(content, world.branch)
    # 甲 held nothing in 2024: each month 支委会, 主题党日 and its group's meeting, each
    # quarter 党员大会 and 党课 too, and in the year 组织生活会, 民主评议, 书记讲党课 and the
    # talks, all missed. Then its three items, one of them overdue.
    assert "已完成 0 待完成 0 未完成 3" in row  # December
    assert "已完成 0 待完成 0 未完成 11" in row  # the fourth quarter: 3 × 3 + 2
    assert "已完成 0 待完成 0 未完成 48" in row  # 2024: 12 × 3 + 4 × 2 + 4
    assert "未销号 3 逾期 1" in row


def _month_chips(content, branch):
    """(status class, link, accessible name, text) of `branch`'s month chips."""
    compliance = reverse("activities:compliance", args=[branch.pk])
    chips = re.findall(
        r'<a class="month-cell (\w+)" href="([^"]+)"[^>]* aria-label="([^"]+)">(.*?)</a>', content
    )
    return [
        (status, link, name, re.sub(r"<[^>]+>", "", text))
        for status, link, name, text in chips
        if link.startswith(compliance + "?")
    ]


def test_board_month_chips_open_the_month_and_say_its_status(client, world):
    for month in range(1, 13):
        on_day = dict(branch=world.sibling, held_on=datetime.date(2024, month, 5))
        MeetingFactory(**on_day, kind=Meeting.Kind.COMMITTEE)
        MeetingFactory(**on_day, kind=Meeting.Kind.THEME_DAY)
    client.force_login(world.users["hq"])
    content = client.get(reverse("overview:board") + "?year=2024&month=12").content.decode()

    for branch, status, name, sign in [
        (world.sibling, "done", "已完成", "✓"),
        (world.branch, "missed", "未完成", "✗"),
    ]:
        compliance = reverse("activities:compliance", args=[branch.pk])
        assert _month_chips(content, branch) == [
            (
                status,
                f"{compliance}?year=2024&amp;month={month}#month-{month}",
                f"{month}月 {name}",
                f"{month}{sign}",
            )
            for month in range(1, 13)
        ]


def test_board_shows_only_the_officers_branches(client, world):
    client.force_login(world.users["other_hq"])
    content = client.get(reverse("overview:board")).content.decode()
    assert world.branch.display_name not in content


def test_branch_page_shows_this_months_requirements(client, world):
    client.force_login(world.users["secretary"])
    url = reverse("overview:branch", args=[world.branch.pk])
    response = client.get(url)
    month_card = response.context["this_month"][1]
    # The world's committee meeting is today's: this month's 支委会 is done.
    committee = next(o for o in month_card if o.meeting_kind == Meeting.Kind.COMMITTEE)
    assert committee.status == Status.DONE
    theme_day = next(o for o in month_card if o.meeting_kind == Meeting.Kind.THEME_DAY)
    assert theme_day.status == Status.DUE
    assert "甲支委会" in response.content.decode()


def _year_row(client, branch):
    page = client.get(reverse("overview:board") + "?year=2024&month=1").context["page"]
    return next(row for row in page.object_list if row["branch"] == branch)


@pytest.mark.parametrize(
    "change",
    ["meeting", "meeting deleted", "member", "group", "item", "rule", "founding date"],
)
def test_the_board_never_shows_a_row_older_than_the_ledger(client, world, change):
    client.force_login(world.users["hq"])
    before = _year_row(client, world.sibling)
    assert _year_row(client, world.sibling) == before  # reading changes nothing
    if change == "meeting":
        MeetingFactory(branch=world.sibling, kind=Meeting.Kind.COMMITTEE, held_on=JAN_15)
    elif change == "meeting deleted":
        MeetingFactory(branch=world.sibling, kind=Meeting.Kind.COMMITTEE, held_on=JAN_15)
        before = _year_row(client, world.sibling)
        Meeting.objects.get(branch=world.sibling, held_on=JAN_15).delete()
    elif change == "member":
        # Without a committee member, no talks are owed any more.
        world.sibling_secretary.transfer_out(JAN_15)
    elif change == "group":
        PartyGroupFactory(branch=world.sibling)  # one more group to meet each month
    elif change == "item":
        ItemFactory(checklist=ChecklistFactory(branch=world.sibling), deadline=JAN_15)
    elif change == "rule":
        world.committee.compliance_rules.create(
            meeting_kind=Meeting.Kind.COMMITTEE,
            period="month",
            minimum=0,  # dropped
        )
    else:
        world.sibling.founded_on = datetime.date(2024, 6, 1)  # nothing owed before June
        world.sibling.save()
    assert _year_row(client, world.sibling) != before


def test_saving_a_profile_loaded_earlier_keeps_the_ledger_version(world):
    stale = Organization.objects.get(pk=world.sibling.pk)
    Organization.objects.filter(pk=world.sibling.pk).ledger_changed()  # a meeting saved meanwhile
    raised = Organization.objects.get(pk=world.sibling.pk).ledger_version
    stale.contact_person = "新联系人"
    stale.save()  # raises it once more itself, and puts nothing older back
    assert Organization.objects.get(pk=world.sibling.pk).ledger_version == raised + 1


def test_no_compliance_page_reads_a_cache(client, world, monkeypatch):
    """The board and the pages of a branch read counts kept in the database: no worker
    has to warm anything, and a cache that is down (or a Redis one) changes nothing."""

    def refuse(*args, **kwargs):
        raise AssertionError("a cache was read")

    for method in ("get", "get_many", "set", "set_many"):
        monkeypatch.setattr(cache, method, refuse)
    client.force_login(world.users["hq"])
    for url in (
        reverse("overview:board") + "?year=2024&month=1",
        reverse("overview:board") + "?sort=rectification",
        reverse("overview:branch", args=[world.branch.pk]),
        reverse("activities:compliance", args=[world.branch.pk]) + "?year=2024",
    ):
        assert client.get(url).status_code == 200, url


# What each sort means, in Python, against the database's sorting of the board.
SORT_KEYS = {
    "behind": lambda row: (
        -row["year"]["missed"],
        -row["quarter"]["missed"],
        -row["month"]["missed"],
        -row["year"]["due"],
        row["branch"].path,
    ),
    "name": lambda row: row["branch"].path,
    "rectification": lambda row: (-row["overdue_items"], -row["open_items"], row["branch"].path),
    "attendance": lambda row: (
        row["attendance"] if row["attendance"] is not None else 2,
        row["branch"].path,
    ),
}


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_each_sort_runs_across_every_page(client, world, sort):
    for number in range(50):
        BranchFactory(parent=world.committee, name=f"分页支部{number:02d}")
    late = BranchFactory(parent=world.committee, name="分页支部迟")
    MeetingFactory(branch=late, kind=Meeting.Kind.THEME_DAY, held_on=JAN_15)
    ItemFactory(checklist=ChecklistFactory(branch=late), deadline=JAN_15, found_on=JAN_15)
    client.force_login(world.users["hq"])
    url = reverse("overview:board") + f"?year=2024&month=6&sort={sort}"
    first, second = (client.get(f"{url}&page={n}").context["page"] for n in (1, 2))
    assert (len(first.object_list), len(second.object_list)) == (50, 3)
    rows = [*first.object_list, *second.object_list]
    assert len({row["branch"].pk for row in rows}) == 53
    assert rows == sorted(rows, key=SORT_KEYS[sort])


def test_a_year_to_come_shows_this_year_and_counts_nothing(client, world):
    client.force_login(world.users["hq"])
    response = client.get(reverse("overview:board") + "?year=2099&month=3")
    this_year = timezone.localdate().year
    assert response.context["year"] == this_year
    assert not MonthTally.objects.filter(year__gt=this_year).exists()
