from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import Watched


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows a record's history but never reverts to an old version: a revert would write
    back a stale edit version, a rectification status outside its steps, or a meeting's
    attendance counts without recounting them. (SIMPLE_HISTORY_REVERT_DISABLED only
    hides the button.)"""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if isinstance(form.instance, Watched):
            form.instance.changed()

    def delete_queryset(self, request, queryset):
        # One by one, so that each record's delete() says what it changed.
        for record in queryset:
            record.delete()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class FixedOnChangeAdmin(HistoryAdmin):
    """Fields that tie a record to its branch are set when it is added, never changed:
    moving a record between branches would leave both branches' cached board rows and the
    records that follow it (a checklist's items) behind."""

    fixed_on_change = ("branch",)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, *self.fixed_on_change) if obj else readonly


class VersionedAdmin(FixedOnChangeAdmin):
    """For `Versioned` records: an administrator's fix raises the version, so a form
    left open in the app cannot overwrite it."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
