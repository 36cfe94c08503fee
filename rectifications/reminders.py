"""Reminders of rectification deadlines: to the item's owner and the branch's secretaries,
in the app (a badge in the navigation) and by e-mail.

`send_reminders()` runs daily from Celery beat. It is safe to run twice, even at the same
time: a reminder exists once per person, item, reason and deadline (a unique constraint),
and e-mails go out for reminders not yet e-mailed, claimed person by person under a row
lock.
"""

import logging
from collections import Counter
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from branches.models import Member

from .models import Item, Notification

logger = logging.getLogger(__name__)
OVERDUE = Notification.Reason.OVERDUE
AWAITING = Notification.Reason.AWAITING


def send_reminders(today=None):
    """Create today's reminders and e-mail those not e-mailed yet: (created, e-mailed)."""
    created = create_reminders(today or timezone.localdate())
    return created, email_reminders()


def create_reminders(today):
    """A reminder for each open item due within REMINDER_DAYS_BEFORE days or overdue."""
    horizon = today + timedelta(days=settings.REMINDER_DAYS_BEFORE)
    items = list(Item.objects.open().filter(deadline__lte=horizon).select_related("owner__user"))
    secretaries = {}
    for member in Member.objects.secretaries().filter(
        branch__in={item.branch_id for item in items}, user__is_active=True
    ):
        secretaries.setdefault(member.branch_id, set()).add(member.user_id)
    wanted = []
    for item in items:
        reason = OVERDUE if item.deadline < today else Notification.Reason.DUE_SOON
        recipients = set(secretaries.get(item.branch_id, ()))
        owner = item.owner
        if owner.is_active and owner.user is not None and owner.user.is_active:
            recipients.add(owner.user_id)
        wanted += [(user_id, item.pk, reason, item.deadline) for user_id in recipients]
    given = set(
        Notification.objects.filter(item__in=[item.pk for item in items]).values_list(
            "recipient", "item", "reason", "deadline"
        )
    )
    new = [
        Notification(recipient_id=user_id, item_id=item_id, reason=reason, deadline=deadline)
        for user_id, item_id, reason, deadline in wanted
        if (user_id, item_id, reason, deadline) not in given
    ]
    # A run at the same moment may have given some of these already: the constraint skips them.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def email_reminders():
    """One e-mail per person with every reminder not e-mailed to him yet; the number of
    reminders e-mailed.

    Each person's e-mail is its own transaction: the reminders are marked e-mailed only
    once the relay took the message, a concurrent run skips the rows this one holds, and
    an address the relay refuses holds up nobody else (it is tried again next run).
    """
    # A reminder still to be mailed about an item since closed, or about a deadline since
    # moved (which earns its own reminder), or a verification since done, would only
    # mislead. A verification waits whatever the deadline says.
    unsent = (
        Notification.objects.filter(emailed_at__isnull=True)
        .filter(Q(reason=AWAITING) | Q(deadline=F("item__deadline")))
        .exclude(item__status=Item.Status.CLOSED)
        .exclude(Q(reason=AWAITING) & ~Q(item__status=Item.Status.AWAITING))
        .exclude(recipient__email="")
    )
    emailed = 0
    for recipient_id in unsent.order_by().values_list("recipient", flat=True).distinct():
        with transaction.atomic():
            notifications = list(
                unsent.filter(recipient=recipient_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient", "item__checklist", "item__owner")
                .order_by("item__deadline", "pk")
            )
            if not notifications:
                continue  # another run is e-mailing this person
            try:
                with translation.override(settings.LANGUAGE_CODE):
                    _email(notifications[0].recipient, notifications)
            except (SMTPException, OSError):
                logger.exception("Reminders to user %s could not be e-mailed", recipient_id)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                emailed_at=timezone.now()
            )
            emailed += len(notifications)
    return emailed


def _email(recipient, notifications):
    reasons = Counter(notification.reason for notification in notifications)
    subject = _(
        "Rectification reminder: %(overdue)d overdue, %(due_soon)d due soon, "
        "%(awaiting)d awaiting verification"
    ) % {
        "overdue": reasons[OVERDUE],
        "due_soon": reasons[Notification.Reason.DUE_SOON],
        "awaiting": reasons[AWAITING],
    }
    body = render_to_string(
        "rectifications/reminder_email.txt",
        {
            "recipient": recipient,
            "notifications": notifications,
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )
    send_mail(subject, body, None, [recipient.email])
