"""Deadline reminders: once per person, item, reason and deadline, in the app and by
e-mail, whatever the number of runs; and through a real Celery worker on Redis."""

import datetime
import os
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from rectifications import reminders, tasks
from rectifications.models import Item, Notification

from .factories import ItemFactory, MemberFactory, UserFactory
from .workers import running_worker, shared_database_url

DAY = datetime.timedelta(days=1)


@pytest.fixture
def items(world):
    """Due in 2 days, due in 4 days, overdue, and closed though overdue; the member's."""
    for user in world.users.values():
        user.email = f"{user.username}@example.com"
        user.save()
    world.checklist.items.all().delete()
    # The task counts from the real today (in the app's time zone), so the items do too.
    today = timezone.localdate()
    make = dict(checklist=world.checklist, owner=world.member, found_on=today - 30 * DAY)
    return {
        "today": today,
        "soon": ItemFactory(**make, problem="两天后到期", deadline=today + 2 * DAY),
        "later": ItemFactory(**make, problem="四天后到期", deadline=today + 4 * DAY),
        "overdue": ItemFactory(**make, problem="已逾期", deadline=today - DAY),
        "closed": ItemFactory(
            **make,
            problem="已销号",
            deadline=today - DAY,
            status=Item.Status.CLOSED,
            closed_on=today - 2 * DAY,
        ),
    }


def _given(item):
    return set(Notification.objects.filter(item=item).values_list("recipient__username", "reason"))


def test_owners_and_secretaries_are_reminded_within_three_days_and_when_overdue(world, items):
    reminders.create_reminders(items["today"])
    assert _given(items["soon"]) == {("member", "due_soon"), ("secretary", "due_soon")}
    assert _given(items["overdue"]) == {("member", "overdue"), ("secretary", "overdue")}
    assert _given(items["later"]) == set() and _given(items["closed"]) == set()
    # Other branches' secretaries hear nothing of it.
    assert not Notification.objects.filter(recipient=world.users["sibling_secretary"]).exists()


def test_a_reminder_is_given_once_however_often_the_task_runs(world, items):
    assert reminders.create_reminders(items["today"]) == 4
    assert reminders.create_reminders(items["today"]) == 0
    # Next day “later” is three days off: its first reminder.
    assert reminders.create_reminders(items["today"] + DAY) == 2
    # Two days on, the item that was due soon is overdue: a new threshold, a new reminder.
    assert reminders.create_reminders(items["today"] + 3 * DAY) == 2
    assert _given(items["soon"]) == {
        ("member", "due_soon"),
        ("secretary", "due_soon"),
        ("member", "overdue"),
        ("secretary", "overdue"),
    }


def test_a_new_deadline_earns_a_new_reminder(world, items):
    reminders.create_reminders(items["today"])
    item = items["overdue"]
    item.deadline = items["today"] + DAY
    item.save()
    assert reminders.create_reminders(items["today"]) == 2
    assert Notification.objects.filter(item=item, reason="due_soon").count() == 2


def test_deputy_secretaries_are_told_and_members_without_an_account_are_not(world, items):
    deputy = UserFactory(username="deputy", email="deputy@example.com")
    MemberFactory(branch=world.branch, committee_role="deputy_secretary", user=deputy)
    no_account = MemberFactory(branch=world.branch)
    item = ItemFactory(checklist=world.checklist, owner=no_account, deadline=items["today"])
    reminders.create_reminders(items["today"])
    assert _given(item) == {("secretary", "due_soon"), ("deputy", "due_soon")}


def test_each_person_gets_one_email_with_all_his_items_and_only_once(world, items):
    created, emailed = reminders.send_reminders(items["today"])
    assert (created, emailed) == (4, 4)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "member@example.com",
        "secretary@example.com",
    ]
    message = next(m for m in mail.outbox if m.to == ["member@example.com"])
    assert "1项已逾期" in message.subject and "1项即将到期" in message.subject
    assert "两天后到期" in message.body and "已逾期" in message.body
    assert reverse("rectifications:item_detail", args=[items["soon"].pk]) in message.body
    assert reminders.send_reminders(items["today"]) == (0, 0)
    assert len(mail.outbox) == 2


def test_an_address_the_relay_refuses_holds_up_nobody_else(world, items, monkeypatch):
    real_send = reminders.send_mail

    def refusing_the_member(subject, body, sender, recipients):
        if recipients == ["member@example.com"]:
            raise SMTPRecipientsRefused({"member@example.com": (550, b"no such mailbox")})
        return real_send(subject, body, sender, recipients)

    reminders.create_reminders(items["today"])
    monkeypatch.setattr(reminders, "send_mail", refusing_the_member)
    assert reminders.email_reminders() == 2  # the secretary's two
    assert [message.to for message in mail.outbox] == [["secretary@example.com"]]
    unsent = Notification.objects.filter(emailed_at__isnull=True)
    assert set(unsent.values_list("recipient__username", flat=True)) == {"member"}
    monkeypatch.undo()  # the relay takes it next time; the secretary is not mailed again
    assert reminders.email_reminders() == 2
    assert [message.to for message in mail.outbox][1:] == [["member@example.com"]]


def test_a_reminder_not_yet_mailed_is_dropped_once_its_item_is_closed_or_moved(world, items):
    reminders.create_reminders(items["today"])
    Item.objects.filter(pk=items["overdue"].pk).update(status=Item.Status.CLOSED)
    Item.objects.filter(pk=items["soon"].pk).update(deadline=items["today"] + 20 * DAY)
    assert reminders.email_reminders() == 0
    assert mail.outbox == []


def test_the_badge_counts_unread_reminders_and_reading_clears_it(client, world, items):
    reminders.create_reminders(items["today"])
    client.force_login(world.users["member"])
    page = client.get(reverse("responsibilities:mine")).content.decode()
    assert 'id="unread-count">2<' in page
    client.get(items["soon"].get_absolute_url())  # reading the item reads its reminder
    page = client.get(reverse("overview:reminders")).content.decode()
    assert 'id="unread-count">1<' in page and "已逾期" in page
    client.post(reverse("rectifications:notifications_read"))
    page = client.get(reverse("responsibilities:mine")).content.decode()
    assert 'id="unread-count"' not in page


def test_the_task_runs_in_process_without_a_broker(world, items, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert tasks.send_reminders.delay().get() == {"created": 4, "emailed": 4}
    assert tasks.send_reminders.delay().get() == {"created": 0, "emailed": 0}


def test_a_celery_worker_on_redis_reminds_once(postgres, redis, transactional_db, world, items):
    queue = f"reminders-{os.getpid()}"
    with running_worker(queue, DATABASE_URL=shared_database_url()):
        first = tasks.send_reminders.apply_async(queue=queue).get(timeout=60)
        second = tasks.send_reminders.apply_async(queue=queue).get(timeout=60)
    assert first == {"created": 4, "emailed": 4}
    assert second == {"created": 0, "emailed": 0}
    assert Notification.objects.count() == 4
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
