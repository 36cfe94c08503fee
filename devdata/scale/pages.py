"""The pages the benchmark measures, with the filters it uses, on the seed_scale data.

tests/test_query_counts.py counts the queries of these same addresses on a small and a
larger generated headquarters, so what the benchmark reports is what the tests guard.
"""

import math
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Meeting, MonthTally
from branches.models import Organization

from .seeding import COMMITTEE

ADMIN = "scale_admin"  # the peer's superuser, made by admin_user()
MEETINGS_PER_PAGE = 25  # as activities.views.meetings pages the list


@dataclass(frozen=True)
class Page:
    key: str  # the same whatever the data, for the tests
    name: str  # as the results table shows it
    username: str
    path: str
    # The HQ board with none of its rows cached, as after a cache clear or in a fresh
    # server process; otherwise a page is measured warm, as users mostly meet it.
    cold: bool = False


def bench_pages():
    committee = Organization.objects.get(name=COMMITTEE)
    branch = Organization.objects.get(short_name="项目001")
    branches = Organization.objects.within(committee).branches().count()
    last_year = timezone.localdate().year - 1
    kind = Meeting.Kind.GROUP
    meetings = reverse("activities:meeting_list", args=[branch.pk])
    last_page = max(1, math.ceil(branch.meetings.count() / MEETINGS_PER_PAGE))
    # The fullest detail page: a 支部党员大会 (all members, resolutions, the quorum), one
    # edited after it was recorded, so its history shows a change.
    meeting = branch.meetings.filter(kind=Meeting.Kind.GENERAL).order_by("-version", "-held_on")[0]
    board = reverse("overview:board")
    secretary = "scale_secretary_001"
    return [
        Page("board_cold", f"HQ board, {branches} branches, cold", "scale_hq", board, cold=True),
        Page("board", f"HQ board, {branches} branches", "scale_hq", board),
        Page(
            "dashboard", "branch dashboard", secretary, reverse("overview:branch", args=[branch.pk])
        ),
        Page(
            "meetings_kind_year",
            f"meeting list, party group meetings of {last_year}",
            secretary,
            f"{meetings}?kind={kind}&year={last_year}",
        ),
        Page(
            "meetings_last_page",
            f"meeting list, all, last page ({last_page})",
            secretary,
            f"{meetings}?page={last_page}",
        ),
        Page("meeting_detail", "meeting detail", secretary, meeting.get_absolute_url()),
        Page(
            "items_overdue",
            "rectification items, overdue",
            secretary,
            reverse("rectifications:item_list", args=[branch.pk]) + "?overdue=on",
        ),
        Page(
            "mine",
            "my responsibilities and tasks",
            "scale_member_001",
            reverse("responsibilities:mine"),
        ),
        Page(
            "admin",
            "peer: admin changelist, same filter",
            ADMIN,
            reverse("admin:activities_meeting_changelist")
            + f"?branch__id__exact={branch.pk}&kind__exact={kind}&held_on__year={last_year}",
        ),
    ]


def admin_user():
    """The superuser an administrator would be, for the peer."""
    admin, _created = get_user_model().objects.get_or_create(
        username=ADMIN, defaults={"is_superuser": True, "is_staff": True}
    )
    return admin


TALLIES = MonthTally._meta.db_table


def uncount_this_year():
    """What the cold board finds: a year nobody has asked for yet, as on New Year's
    morning if Celery beat had not counted it (activities.tasks.open_year)."""
    MonthTally.objects.filter(year=timezone.localdate().year).delete()


def count_queries(page, client):
    """The queries of one request of `page` and its response, through `client` (a
    django.test.Client) logged in as the page's user. The request before it warms the
    session and the content types, as the timed requests find them. The cold board writes
    the year's counts in as many INSERTs as the database takes rows at a time; they are
    counted as one."""
    client.force_login(get_user_model().objects.get(username=page.username))
    client.get(page.path)
    if page.cold:
        uncount_this_year()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    if response.status_code != 200:
        raise AssertionError(f"{page.path} answered {response.status_code}")
    batches = sum(1 for query in queries if query["sql"].startswith(f'INSERT INTO "{TALLIES}"'))
    return len(queries) - max(batches - 1, 0), response
