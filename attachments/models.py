import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Organization, TimeStamped

from .uploads import EXTENSIONS, PDF


def stored_name(attachment, _filename):
    """A server-generated name: the uploader's file name is kept only as a label."""
    return (
        f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{EXTENSIONS[attachment.mime_type]}"
    )


class AttachmentQuerySet(models.QuerySet):
    def of(self, record):
        return self.filter(
            target_type=ContentType.objects.get_for_model(record), target_id=record.pk
        )

    @transaction.atomic
    def attach(self, record, uploads, user, caption=""):
        """Store cleaned uploads (see uploads.clean_upload) as attachments of `record`."""
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
        return attachments


class Attachment(TimeStamped):
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
    history = HistoricalRecords()

    objects = AttachmentQuerySet.as_manager()

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
