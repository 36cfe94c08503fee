"""What waits on a secretary or a member: on the branch page, on the reminders page, and
for an item submitted for verification, a reminder (badge and e-mail)."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.models import Meeting
from rectifications import reminders
from rectifications.models import Item, Notification

from ..factories import MeetingFactory, MilestoneFactory

TODAY = timezone.localdate()


def _inbox(client, url):
    response = client.get(url)
    return response.context["inbox"], response.content.decode()


def test_the_secretary_sees_what_awaits_him_on_his_branch_page(login, world):
    far = MilestoneFactory(responsibility=world.zone, due_on=TODAY + datetime.timedelta(days=90))
    inbox, page = _inbox(login(world.users["secretary"]), world.branch.get_absolute_url())
    assert inbox.to_verify == [world.submitted_item]
    assert world.milestone in inbox.key_nodes and far not in inbox.key_nodes
    # This month's 主题党日 is not held yet.
    assert Meeting.Kind.THEME_DAY in {obligation.meeting_kind for obligation in inbox.requirements}
    assert 'id="inbox"' in page and "待验收" in page and world.submitted_item.problem in page
    # Once held, a requirement leaves the list.
    MeetingFactory(branch=world.branch, kind=Meeting.Kind.THEME_DAY, held_on=TODAY)
    inbox, _page = _inbox(login(world.users["secretary"]), world.branch.get_absolute_url())
    assert Meeting.Kind.THEME_DAY not in {o.meeting_kind for o in inbox.requirements}


def test_a_member_sees_his_own_work_and_hq_no_inbox(login, world):
    inbox, page = _inbox(login(world.users["member"]), reverse("overview:reminders"))
    assert inbox.to_move == [world.item] and inbox.to_verify == []
    assert inbox.key_nodes == [world.milestone] and inbox.requirements == []
    assert world.item.problem in page
    inbox, page = _inbox(login(world.users["hq"]), world.branch.get_absolute_url())
    assert inbox is None and 'id="inbox"' not in page


def test_a_submitted_item_reminds_the_secretary_until_it_is_verified(login, world):
    for user in world.users.values():
        user.email = f"{user.username}@example.com"
        user.save()
    member = login(world.users["member"])
    member.post(
        reverse("rectifications:item_progress", args=[world.item.pk]),
        {"move": "submit", "note": "已整改完毕", "steps_seen": world.item.steps.count()},
    )
    world.item.refresh_from_db()
    assert world.item.status == Item.Status.AWAITING
    awaiting = Notification.objects.filter(item=world.item, reason="awaiting")
    assert list(awaiting.values_list("recipient__username", flat=True)) == ["secretary"]
    secretary = login(world.users["secretary"])
    page = secretary.get(reverse("overview:reminders")).content.decode()
    assert 'id="unread-count">1<' in page and "待您验收" in page
    reminders.email_reminders()
    assert len(mail.outbox) == 1 and "1项待验收" in mail.outbox[0].subject
    # Sent back and submitted again: the secretary is told again.
    secretary.post(
        reverse("rectifications:item_verify", args=[world.item.pk]),
        {"move": "send_back", "note": "照片不清楚", "steps_seen": world.item.steps.count()},
    )
    assert not awaiting.unread().exists()
    member.post(
        reverse("rectifications:item_progress", args=[world.item.pk]),
        {"move": "submit", "note": "已补拍照片", "steps_seen": world.item.steps.count()},
    )
    assert awaiting.unread().count() == 1
    # Closed before the next e-mail run: nothing more is e-mailed about it.
    secretary.post(
        reverse("rectifications:item_verify", args=[world.item.pk]),
        {"move": "close", "note": "现场复核合格", "steps_seen": world.item.steps.count()},
    )
    reminders.email_reminders()
    assert len(mail.outbox) == 1 and not awaiting.unread().exists()


def test_a_verification_is_emailed_even_after_the_deadline_moved(login, world):
    world.users["secretary"].email = "secretary@example.com"
    world.users["secretary"].save()
    login(world.users["member"]).post(
        reverse("rectifications:item_progress", args=[world.item.pk]),
        {"move": "submit", "note": "已整改完毕", "steps_seen": world.item.steps.count()},
    )
    Item.objects.filter(pk=world.item.pk).update(deadline=TODAY + datetime.timedelta(days=40))
    reminders.email_reminders()
    assert len(mail.outbox) == 1 and "1项待验收" in mail.outbox[0].subject
