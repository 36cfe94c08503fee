"""Dates a person types that cannot be true are refused with a clear message in Chinese,
and nothing is saved; dates that can be true still go through."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Honour, Meeting
from branches.models import Member
from core.dates import YEARS_AHEAD
from rectifications.models import Item
from responsibilities.models import Milestone

TODAY = timezone.localdate()
NEXT_WEEK = TODAY + datetime.timedelta(days=7)
FAR_AHEAD = datetime.date(TODAY.year + YEARS_AHEAD + 1, 1, 1)


def _member(**dates):
    return {"name": "新党员", "gender": "male", "status": "full", **dates}


CASES = [
    # (url name, its args, data, the field refused, the model that must not grow, message)
    ("activities:meeting_create", "branch", {"held_on": "0001-01-01"}, "held_on", Meeting, "过早"),
    (
        "activities:meeting_create",
        "branch",
        {"held_on": str(NEXT_WEEK)},
        "held_on",
        Meeting,
        "尚未到来",
    ),
    (
        "branches:member_create",
        "branch",
        _member(birth_date="2090-05-01"),
        "birth_date",
        Member,
        "尚未到来",
    ),
    (
        "branches:member_create",
        "branch",
        _member(birth_date="1990-05-01", joined_on="1985-07-01"),
        "joined_on",
        Member,
        "18",
    ),
    (
        "branches:member_create",
        "branch",
        _member(birth_date="1990-05-01", joined_on="2005-07-01"),
        "joined_on",
        Member,
        "15",
    ),
    (
        "branches:member_create",
        "branch",
        _member(joined_on="1900-07-01"),
        "joined_on",
        Member,
        "1921年7月1日",
    ),
    (
        "responsibilities:milestone_create",
        "zone",
        {"title": "节点", "due_on": "0001-06-30"},
        "due_on",
        Milestone,
        "过早",
    ),
    (
        "responsibilities:milestone_create",
        "zone",
        {"title": "节点", "due_on": str(FAR_AHEAD)},
        "due_on",
        Milestone,
        "请检查年份",
    ),
    (
        "rectifications:item_create",
        "checklist",
        {
            "problem": "问题",
            "category": "safety",
            "deadline": "0010-01-01",
            "found_on": "2024-01-01",
        },
        "deadline",
        Item,
        "过早",
    ),
    (
        "activities:honour_create",
        "branch",
        {"kind": "letter", "title": "表扬信", "awarded_on": str(NEXT_WEEK)},
        "awarded_on",
        Honour,
        "尚未到来",
    ),
]


@pytest.mark.parametrize(
    ("name", "target", "data", "field", "model", "said"),
    CASES,
    ids=[f"{case[0]}-{case[3]}-{case[2][case[3]]}" for case in CASES],
)
def test_a_date_that_cannot_be_true_is_refused(
    login, world, name, target, data, field, model, said
):
    client = login(world.users["secretary"])
    url = reverse(name, args=[getattr(world, target).pk])
    if name == "activities:meeting_create":
        url += "?kind=committee"
    before = model.objects.count()
    response = client.post(
        url, {"starts_at": "09:00", "topic": "会议", "owner": world.member.pk, **data}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert said in " ".join(errors[field])
    assert model.objects.count() == before


def test_dates_that_can_be_true_go_through(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("branches:member_create", args=[world.branch.pk]),
        _member(birth_date="1950-02-01", joined_on="1968-02-01", full_member_on="1969-02-01"),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("responsibilities:milestone_create", args=[world.zone.pk]),
        {"title": "竣工验收", "due_on": str(TODAY.replace(year=TODAY.year + 3))},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee",
        {
            "held_on": str(TODAY),
            "starts_at": "09:00",
            "topic": "今天的支委会",
            f"attendance-status_{world.secretary.pk}": "present",
        },
    )
    assert response.status_code == 302


def test_a_key_node_cannot_be_marked_done_in_the_future(login, world):
    client = login(world.users["member"])
    response = client.post(
        reverse("responsibilities:milestone_done", args=[world.milestone.pk]),
        {"done_on": str(NEXT_WEEK), "note": ""},
    )
    assert response.status_code == 200 and "尚未到来" in response.content.decode()
    world.milestone.refresh_from_db()
    assert world.milestone.done_on is None
