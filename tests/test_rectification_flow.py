"""The rectification item's status flow: 待整改 → 整改中 → 待验收 → 已销号, or back to
整改中. Every move, from every status, by every role."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import EditConflict
from rectifications.models import Item, Step

from .factories import ItemFactory, MemberFactory, UserFactory, png_bytes

S = Item.Status
ALLOWED = {
    ("start", S.OPEN): S.IN_PROGRESS,
    ("report", S.IN_PROGRESS): S.IN_PROGRESS,
    ("submit", S.IN_PROGRESS): S.AWAITING,
    ("close", S.AWAITING): S.CLOSED,
    ("send_back", S.AWAITING): S.IN_PROGRESS,
}
MOVES = ["start", "report", "submit", "close", "send_back"]


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("move", MOVES)
def test_only_the_five_moves_of_the_flow_exist(world, move, status):
    item = ItemFactory(checklist=world.checklist, owner=world.member, status=status)
    user = world.users["secretary"]
    if (move, status) in ALLOWED:
        step = item.move(move, user, "已处理", item.steps.count())
        item.refresh_from_db()
        assert item.status == ALLOWED[(move, status)]
        assert (step.source, step.target, step.by) == (status, item.status, user)
    else:
        with pytest.raises(ValidationError):
            item.move(move, user, "已处理", item.steps.count())
        item.refresh_from_db()
        assert item.status == status and not item.steps.exists()


def test_closing_records_the_verifier_and_the_day(world):
    item = world.submitted_item
    item.move("close", world.users["hq"], "复查合格", item.steps.count())
    item.refresh_from_db()
    assert item.is_closed
    assert item.closed_on == datetime.date.today()
    assert item.verified_by == world.users["hq"]


@pytest.mark.parametrize("move", ["report", "submit"])
def test_progress_needs_a_note(world, move):
    item = world.item
    with pytest.raises(ValidationError):
        item.move(move, world.users["member"], "   ", item.steps.count())
    assert Item.objects.get(pk=item.pk).status == S.IN_PROGRESS


@pytest.mark.parametrize("move", ["close", "send_back"])
def test_verification_needs_a_note(world, move):
    item = world.submitted_item
    with pytest.raises(ValidationError):
        item.move(move, world.users["secretary"], "", item.steps.count())
    assert Item.objects.get(pk=item.pk).status == S.AWAITING


def test_a_stale_page_cannot_move_the_item(world):
    item = world.submitted_item
    seen = item.steps.count()
    item.move("send_back", world.users["secretary"], "佐证材料不全", seen)
    with pytest.raises(EditConflict):
        item.move("close", world.users["hq"], "同意销号", seen)
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS
    assert item.steps.count() == 1


# Who may take which step, through the pages (DESIGN §6): the owner and the committee
# move the item on; the committee and HQ verify; nobody else.
PROGRESS_BY_ROLE = {
    "admin": 302,
    "secretary": 302,
    "member": 302,  # the owner
    "other_member": 403,
    "hq": 403,
    "sibling_secretary": 404,
    "other_hq": 404,
}
VERIFY_BY_ROLE = {
    "admin": 302,
    "secretary": 302,
    "hq": 302,
    "member": 403,  # the owner cannot close his own item
    "other_member": 403,
    "sibling_secretary": 404,
    "other_hq": 404,
}


def _user(world, role):
    if role == "other_member":
        user = UserFactory(username="other_member")
        MemberFactory(branch=world.branch, user=user)
        return user
    return world.users[role]


@pytest.mark.parametrize(("role", "expected"), PROGRESS_BY_ROLE.items())
@pytest.mark.parametrize("move", ["report", "submit"])
def test_who_moves_an_item_forward(client, world, role, expected, move):
    item = world.item
    client.force_login(_user(world, role))
    url = reverse("rectifications:item_progress", args=[item.pk])
    response = client.post(
        url, {"move": move, "note": "已完成整改", "steps_seen": item.steps.count()}
    )
    assert response.status_code == expected
    item.refresh_from_db()
    moved = item.steps.filter(move=move).exists()
    assert moved == (expected == 302)
    assert item.status == (ALLOWED[(move, S.IN_PROGRESS)] if moved else S.IN_PROGRESS)


@pytest.mark.parametrize(("role", "expected"), VERIFY_BY_ROLE.items())
@pytest.mark.parametrize("move", ["close", "send_back"])
def test_who_verifies_an_item(client, world, role, expected, move):
    item = world.submitted_item
    client.force_login(_user(world, role))
    url = reverse("rectifications:item_verify", args=[item.pk])
    response = client.post(
        url, {"move": move, "note": "复查意见", "steps_seen": item.steps.count()}
    )
    assert response.status_code == expected
    item.refresh_from_db()
    assert item.steps.filter(move=move).exists() == (expected == 302)
    assert item.status == (ALLOWED[(move, S.AWAITING)] if expected == 302 else S.AWAITING)


def test_a_verifier_cannot_post_an_owner_move(client, world):
    """The verify page takes only close and send back, whatever is posted."""
    client.force_login(world.users["hq"])
    url = reverse("rectifications:item_verify", args=[world.item.pk])
    response = client.post(url, {"move": "submit", "note": "代为提交", "steps_seen": 0})
    assert response.status_code == 302  # nothing to verify: back to the item
    assert not world.item.steps.exists()


def test_the_owner_submits_with_a_photo_and_the_timeline_shows_it(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = world.item
    client.force_login(world.users["member"])
    photo = SimpleUploadedFile("整改后.png", png_bytes((40, 30)), content_type="image/png")
    response = client.post(
        reverse("rectifications:item_progress", args=[item.pk]),
        {
            "move": "submit",
            "note": "已补设防护栏杆",
            "steps_seen": item.steps.count(),
            "uploads": photo,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已补设防护栏杆" in page and "待验收" in page
    step = Step.objects.get(item=item, move="submit")
    assert step.attachments.count() == 1
    assert step.attachments.get().get_absolute_url() in page


def test_a_missing_note_is_asked_for_and_nothing_moves(client, world):
    item = world.submitted_item
    client.force_login(world.users["secretary"])
    url = reverse("rectifications:item_verify", args=[item.pk])
    response = client.post(url, {"move": "send_back", "note": "", "steps_seen": item.steps.count()})
    assert response.status_code == 200
    assert "请填写退回理由" in response.content.decode()
    item.refresh_from_db()
    assert item.status == S.AWAITING


def test_overdue_means_past_the_deadline_and_not_closed(world):
    today = datetime.date(2024, 6, 10)
    late = ItemFactory(
        checklist=world.checklist,
        found_on=datetime.date(2024, 5, 1),
        deadline=datetime.date(2024, 6, 9),
    )
    due_today = ItemFactory(
        checklist=world.checklist,
        found_on=datetime.date(2024, 5, 1),
        deadline=today,
    )
    closed_late = ItemFactory(
        checklist=world.checklist,
        found_on=datetime.date(2024, 5, 1),
        deadline=datetime.date(2024, 6, 1),
        status=S.CLOSED,
        closed_on=datetime.date(2024, 6, 5),
    )
    assert late.is_overdue(today) and not due_today.is_overdue(today)
    assert not closed_late.is_overdue(today)
    overdue = set(Item.objects.overdue(today))
    assert late in overdue and due_today not in overdue and closed_late not in overdue


def test_numbers_count_found_closed_overdue_rate_and_days(world):
    checklist = world.checklist
    checklist.items.all().delete()
    found = datetime.date(2024, 3, 1)
    for days in (4, 6, 11):
        ItemFactory(
            checklist=checklist,
            found_on=found,
            deadline=found + datetime.timedelta(days=10),
            status=S.CLOSED,
            closed_on=found + datetime.timedelta(days=days),
        )
    ItemFactory(checklist=checklist, found_on=found, deadline=datetime.date(2024, 3, 5))
    numbers = checklist.items.numbers(today=datetime.date(2024, 4, 1))
    assert (numbers.found, numbers.closed, numbers.open, numbers.overdue) == (4, 3, 1, 1)
    assert numbers.rate == 0.75
    assert numbers.average_days == 7
    assert checklist.items.none().numbers().rate is None


def test_new_items_are_numbered_on_from_the_checklist(world):
    checklist = world.checklist
    items = [
        Item(problem=f"新问题{n}", category="safety", owner=world.member, deadline="2030-01-01")
        for n in range(3)
    ]
    checklist.add_items(items, world.users["secretary"])
    assert [item.number for item in items] == [3, 4, 5]
    assert all(item.branch == world.branch for item in items)


def test_an_item_edit_from_an_old_page_keeps_the_step_taken_meanwhile(client, world):
    item = world.item
    client.force_login(world.users["secretary"])
    url = reverse("rectifications:item_edit", args=[item.pk])
    opened = client.get(url).context["form"]["version"].value()
    item.move("submit", world.users["member"], "已完成", item.steps.count())
    response = client.post(
        url,
        {
            "problem": "改过的问题",
            "category": "safety",
            "owner": world.member.pk,
            "found_on": item.found_on.isoformat(),
            "deadline": item.deadline.isoformat(),
            "version": opened,
        },
    )
    assert response.status_code == 302  # a step is no edit: nothing to overwrite
    item.refresh_from_db()
    assert item.status == S.AWAITING and item.problem == "改过的问题"


def test_a_deadline_moved_while_the_owner_writes_does_not_stop_his_step(client, world):
    item = world.item
    client.force_login(world.users["member"])
    url = reverse("rectifications:item_progress", args=[item.pk])
    seen = client.get(item.get_absolute_url()).context["progress_form"]["steps_seen"].value()
    edited = Item.objects.get(pk=item.pk)  # the secretary moves the deadline meanwhile
    edited.deadline += datetime.timedelta(days=7)
    edited.claim_version(world.users["secretary"], edited.version)
    edited.save()
    response = client.post(url, {"move": "report", "note": "已进场施工", "steps_seen": seen})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.steps.filter(note="已进场施工").exists()
    assert item.deadline == edited.deadline  # and the step kept the new deadline


def test_a_step_no_longer_offered_says_why_and_keeps_the_note(client, world):
    item = world.item
    seen = item.steps.count()
    item.move("submit", world.users["secretary"], "代为提交", seen)  # while the owner types
    client.force_login(world.users["member"])
    url = reverse("rectifications:item_progress", args=[item.pk])
    response = client.post(
        url, {"move": "report", "note": "钢筋绑扎完成一半", "steps_seen": seen}, follow=True
    )
    page = response.content.decode()
    assert "他人已办理了该事项" in page and "待验收" in page
    assert "钢筋绑扎完成一半" in page  # nothing left for him to do, but his words are shown
    assert not item.steps.filter(note="钢筋绑扎完成一半").exists()


def test_two_people_starting_an_item_at_once_get_one_step_and_a_reason(client, world):
    item = ItemFactory(checklist=world.checklist, owner=world.member)
    url = reverse("rectifications:item_progress", args=[item.pk])
    client.force_login(world.users["secretary"])
    client.post(url, {"move": "start", "note": "", "steps_seen": 0})
    response = client.post(url, {"move": "start", "note": "我来跟进", "steps_seen": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert "他人已办理了该事项" in page and "我来跟进" in page
    assert list(item.steps.values_list("move", flat=True)) == ["start"]


def test_two_progress_reports_from_the_same_page_both_count(world):
    item = world.item
    seen = item.steps.count()
    item.move("report", world.users["member"], "钢筋已进场", seen)
    item.move("report", world.users["secretary"], "已督促落实", seen)
    item.move("submit", world.users["member"], "已整改完毕", seen)
    assert list(item.steps.values_list("move", flat=True)) == ["report", "report", "submit"]


def test_a_step_taken_meanwhile_stops_the_next_and_keeps_its_note(client, world):
    item = world.submitted_item
    client.force_login(world.users["hq"])
    seen = item.steps.count()
    item.move("send_back", world.users["secretary"], "佐证材料不全", seen)
    url = reverse("rectifications:item_verify", args=[item.pk])
    response = client.post(url, {"move": "close", "note": "同意销号", "steps_seen": seen})
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS and item.steps.count() == seen + 1
    # Nothing is left for HQ to verify now: back to the item, which says what happened.
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "整改中" in page and "佐证材料不全" in page
    # The owner, with a stale page of his own, is shown the send-back with his note kept.
    client.force_login(world.users["member"])
    url = reverse("rectifications:item_progress", args=[item.pk])
    response = client.post(url, {"move": "submit", "note": "我的整改说明", "steps_seen": seen})
    assert response.status_code == 200
    page = response.content.decode()
    assert "我的整改说明" in page and "佐证材料不全" in page
    assert response.context["form"]["steps_seen"].value() == seen + 1
    assert not item.steps.filter(note="我的整改说明").exists()


def test_nobody_verifies_his_own_item(client, world):
    """The secretary may close others' items, not one he is responsible for himself."""
    own = ItemFactory(checklist=world.checklist, owner=world.secretary, status=S.AWAITING)
    client.force_login(world.users["secretary"])
    url = reverse("rectifications:item_verify", args=[own.pk])
    response = client.post(url, {"move": "close", "note": "自己验收", "steps_seen": 0})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == S.AWAITING
    client.force_login(world.users["hq"])  # HQ can
    assert (
        client.post(url, {"move": "close", "note": "复查合格", "steps_seen": 0}).status_code == 302
    )
