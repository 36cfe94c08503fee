from django.contrib import admin

from core.admin import FixedOnChangeAdmin, HistoryAdmin, VersionedAdmin

from .models import Activity, Attendance, ComplianceRule, Honour, Meeting, StudyPlan, StudyPlanItem


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(FixedOnChangeAdmin):
    fixed_on_change = ("organization",)

    list_display = ["organization", "meeting_kind", "scope", "minimum", "period"]
    list_filter = ["meeting_kind", "period"]
    list_select_related = ["organization"]
    search_fields = ["organization__name"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(VersionedAdmin):
    list_display = ["held_on", "kind", "topic", "branch", "expected_count", "present_count"]
    list_filter = ["kind", "held_on"]
    list_select_related = ["branch"]
    search_fields = ["topic", "branch__name"]
    date_hierarchy = "held_on"
    raw_id_fields = ["branch", "group", "host", "recorder", "lecturer", "interviewee"]
    inlines = [AttendanceInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.recount_attendance()


@admin.register(Activity)
class ActivityAdmin(VersionedAdmin):
    list_display = ["held_on", "kind", "title", "branch"]
    list_filter = ["kind"]
    list_select_related = ["branch"]
    search_fields = ["title", "branch__name"]
    raw_id_fields = ["branch", "members", "study_plan_item"]


@admin.register(Honour)
class HonourAdmin(VersionedAdmin):
    list_display = ["awarded_on", "kind", "title", "level", "grade", "quantity", "branch"]
    list_filter = ["kind", "level"]
    list_select_related = ["branch"]
    search_fields = ["title", "issuer", "branch__name"]
    raw_id_fields = ["branch", "members"]


class StudyPlanItemInline(admin.TabularInline):
    model = StudyPlanItem
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(StudyPlan)
class StudyPlanAdmin(HistoryAdmin):
    list_display = ["branch", "year"]
    list_select_related = ["branch"]
    inlines = [StudyPlanItemInline]

    def save_formset(self, request, form, formset, change):
        # The items are versioned: a fix here stops a form left open in the app.
        for item_form in formset.forms:
            if item_form.instance.pk and item_form.has_changed():
                item_form.instance.version += 1
                item_form.instance.updated_by = request.user
        super().save_formset(request, form, formset, change)
