from django.contrib import admin

from core.admin import HistoryAdmin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(HistoryAdmin):
    list_display = [
        "original_name",
        "branch",
        "target_type",
        "mime_type",
        "size",
        "created_at",
        "removed_at",
    ]
    list_select_related = ["branch", "target_type"]
    list_filter = ["mime_type", "removed_at"]
    search_fields = ["original_name", "caption"]
    readonly_fields = ["file", "mime_type", "size", "original_name", "removed_at", "removed_by"]

    def get_queryset(self, request):
        # Administrators see removed attachments too, to tell what became of a file.
        return Attachment.with_removed.all()
