from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Checklist, Item, Notification, Step


@admin.register(Checklist)
class ChecklistAdmin(VersionedAdmin):
    list_display = ["title", "source", "starts_on", "branch"]
    list_filter = ["source"]
    list_select_related = ["branch"]
    search_fields = ["title", "branch__name"]
    raw_id_fields = ["branch", "meeting", "activity"]


class StepInline(admin.TabularInline):
    """The timeline is read-only: a step, once taken, is never changed."""

    model = Step
    extra = 0
    can_delete = False
    fields = ["at", "move", "source", "target", "note", "by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(VersionedAdmin):
    fixed_on_change = ("checklist",)  # the item's branch follows its checklist

    list_display = ["number", "problem", "category", "owner", "deadline", "status", "branch"]
    list_filter = ["status", "category"]
    list_select_related = ["owner", "branch"]
    search_fields = ["problem", "owner__name", "branch__name"]
    raw_id_fields = ["checklist", "owner"]
    inlines = [StepInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "reason", "deadline", "read_at", "emailed_at"]
    list_filter = ["reason"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "item"]
