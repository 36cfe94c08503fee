from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from .models import Versioned, Watched


class HistoryAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple_history has no types
    """Shows a record's history but never reverts to an old version: a revert would write
    back a stale edit version, a rectification status outside its steps, or a meeting's
    attendance counts without recounting them. (SIMPLE_HISTORY_REVERT_DISABLED only
    hides the button.)"""

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[models.Model],
        formsets: Sequence[forms.BaseModelFormSet[Any, Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        if isinstance(form.instance, Watched):
            form.instance.changed()

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        # One by one, so that each record's delete() says what it changed.
        for record in queryset:
            record.delete()

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response


class FixedOnChangeAdmin(HistoryAdmin):
    """Fields that tie a record to its branch are set when it is added, never changed:
    moving a record between branches would leave both branches' cached board rows and the
    records that follow it (a checklist's items) behind."""

    fixed_on_change = ("branch",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: models.Model | None = None
    ) -> Sequence[str]:
        readonly: Sequence[str] = super().get_readonly_fields(request, obj)
        return (*readonly, *self.fixed_on_change) if obj else readonly


class VersionedAdmin(FixedOnChangeAdmin):
    """For `Versioned` records: an administrator's fix raises the version, so a form
    left open in the app cannot overwrite it."""

    def save_model(
        self,
        request: HttpRequest,
        obj: Versioned,
        form: forms.ModelForm[Versioned],
        change: bool,
    ) -> None:
        if change:
            obj.version += 1
        obj.updated_by = request.user  # type: ignore[assignment]  # the admin's user is signed in
        super().save_model(request, obj, form, change)
