from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Member


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def ask_to_verify(self, item):
        """Tell the branch's secretaries that `item` awaits their verification; unread
        again, and to be e-mailed again, if it was submitted before and sent back."""
        verifiers = (
            Member.objects.secretaries()
            .filter(branch=item.branch_id, user__is_active=True)
            .exclude(pk=item.owner_id)  # nobody verifies his own item
            .values_list("user", flat=True)
        )
        for user_id in verifiers:
            self.update_or_create(
                recipient_id=user_id,
                item=item,
                reason=Notification.Reason.AWAITING,
                deadline=item.deadline,
                defaults={"created_at": timezone.now(), "read_at": None, "emailed_at": None},
            )

    def verification_done(self, item):
        """The item was closed or sent back: nothing awaits the verifiers any more."""
        self.filter(item=item, reason=Notification.Reason.AWAITING).unread().update(
            read_at=timezone.now()
        )


class Notification(models.Model):
    """A reminder to one person about one rectification item nearing or past its deadline,
    or submitted for him to verify.

    One per person, item, reason and deadline: the daily task may run any number of times
    and a reminder is still given once; moving the deadline earns a new one.
    """

    class Reason(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        AWAITING = "awaiting", _("Awaiting verification")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    item = models.ForeignKey(
        "Item",
        verbose_name=_("rectification item"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "item", "reason", "deadline"], name="one_reminder_each"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.item}"
