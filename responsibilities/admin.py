from django.contrib import admin

from core.admin import HistoryAdmin

from .models import Milestone, Responsibility


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_on", "done_on", "done_note"]


@admin.register(Responsibility)
class ResponsibilityAdmin(HistoryAdmin):
    list_display = ["name", "kind", "branch", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["branch"]
    search_fields = ["name", "branch__name"]
    filter_horizontal = ["members"]
    inlines = [MilestoneInline]
