import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import LedgerRecord, Organization
from core.filenames import safe_filename
from core.models import TimeStamped

from .uploads import EXTENSIONS, PDF, CleanUpload

# Why a file's historical row was written, for the record's history (attachments.history).
REMOVED, RESTORED = "removed", "restored"


def stored_name(attachment, _filename):
    """A server-generated name: the uploader's file name is kept only as a label."""
    return (
        f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{EXTENSIONS[attachment.mime_type]}"
    )


def staged_name(staged, _filename):
    return f"staged/{uuid.uuid4().hex}{EXTENSIONS[staged.mime_type]}"


class AttachmentQuerySet(models.QuerySet):
    def of(self, record):
        return self.filter(
            target_type=ContentType.objects.get_for_model(record), target_id=record.pk
        )

    def restorable(self):
        """Removed ones their branch may still restore (ATTACHMENT_RESTORE_DAYS)."""
        since = timezone.now() - timedelta(days=settings.ATTACHMENT_RESTORE_DAYS)
        return self.filter(removed_at__gte=since).select_related("removed_by")

    @transaction.atomic
    def attach(self, record, uploads, user, caption=""):
        """Store cleaned uploads (uploads.clean_upload, StagedUpload.as_upload) as
        attachments of `record`; the staged ones are then done with."""
        attachments = []
        for upload in uploads:
            attachment = self.model(
                branch=record.branch,
                target=record,
                mime_type=upload.mime_type,
                original_name=upload.original_name[:200],
                size=upload.content.size,
                caption=caption,
                uploaded_by=user,
            )
            attachment.file.save("upload", upload.content, save=False)
            attachment.save()
            attachments.append(attachment)
            if upload.staged is not None:
                upload.staged.discard()
        return attachments


class AttachmentManager(models.Manager.from_queryset(AttachmentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(removed_at=None)


class Attachment(LedgerRecord, TimeStamped):
    """A photo or PDF attached to a branch record (meeting, activity, honour …).

    The file is served only through the `attachments:file` view, which asks the access
    module whether the user may see the record's branch.
    """

    branch = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    mime_type = models.CharField(_("type"), max_length=50)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # A removed attachment is kept, for its branch to restore and its record's history.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()

    # Removed attachments are left out of every page, list, count, report and download;
    # only the list of those a branch may restore asks for them, through `with_removed`.
    objects = AttachmentManager()
    with_removed = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return self.caption or self.original_name

    def get_absolute_url(self):
        return reverse("attachments:file", args=[self.pk])

    @property
    def is_image(self):
        return self.mime_type != PDF

    @property
    def is_removable(self):
        """Whether its record lets it be removed (a record says so with
        `attachments_removable`; a meeting's photos may go, a step's evidence may not)."""
        return getattr(self.target, "attachments_removable", True)

    def download_name(self):
        """The name it is downloaded by: the uploader's name made safe, its id, and the
        extension its content has (whatever the name said)."""
        stem = self.original_name.rsplit(".", 1)[0]
        return safe_filename(stem, self.pk, extension=EXTENSIONS[self.mime_type])

    def described(self):
        """The file as the record's history names it: its name, and its caption if any."""
        if self.caption:
            return f"{self.original_name}（{self.caption}）"
        return self.original_name

    def remove(self, user):
        self.removed_at, self.removed_by = timezone.now(), user
        self._save_as(REMOVED, user)

    def restore(self, user):
        self.removed_at = self.removed_by = None
        self._save_as(RESTORED, user)

    def restorable_until(self):
        return self.removed_at + timedelta(days=settings.ATTACHMENT_RESTORE_DAYS)

    def _save_as(self, reason, user):
        self._change_reason, self._history_user = reason, user
        self.save(update_fields=["removed_at", "removed_by", "updated_at"])


class StagedUploadQuerySet(models.QuerySet):
    def usable_by(self, user):
        return self.filter(uploaded_by=user, created_at__gte=timezone.now() - StagedUpload.KEPT_FOR)

    def stage(self, user, uploads):
        """Keep cleaned uploads for `user`; and forget everyone's expired ones."""
        for expired in self.filter(created_at__lt=timezone.now() - StagedUpload.KEPT_FOR):
            expired.discard()
        staged = []
        for upload in uploads:
            kept = self.model(
                uploaded_by=user,
                mime_type=upload.mime_type,
                original_name=upload.original_name[:200],
            )
            kept.file.save("upload", upload.content)
            staged.append(kept)
        return staged


class StagedUpload(models.Model):
    """A file that passed its checks on a form refused for another reason, kept for the
    user who chose it so that he need not choose it again: attached to no record and
    served to nobody, until he saves the form or it expires."""

    KEPT_FOR = timedelta(days=1)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=staged_name, max_length=200)
    mime_type = models.CharField(max_length=50)
    original_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = StagedUploadQuerySet.as_manager()

    def __str__(self):
        return self.original_name

    def as_upload(self):
        return CleanUpload(self.file.open("rb"), self.mime_type, self.original_name, staged=self)

    def discard(self):
        """Delete it, and its file once the transaction is committed. By a query, which
        leaves this object as it was: a rolled-back attach can try it again."""
        self.file.close()
        transaction.on_commit(partial(self.file.storage.delete, self.file.name))
        StagedUpload.objects.filter(pk=self.pk).delete()
