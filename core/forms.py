"""The base of the ledger's forms: keys checked before any query, versions claimed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from .models import Versioned, Watched

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL (core imports no app)

    # django-stubs makes these generic in their model; Django's classes cannot be
    # subscripted when the module runs.
    _ModelChoiceField = forms.ModelChoiceField[models.Model]
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField[models.Model]
    _ModelForm = forms.ModelForm[models.Model]
else:
    _ModelChoiceField = forms.ModelChoiceField
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField
    _ModelForm = forms.ModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


# The largest key a row can have (a 64-bit id). SQLite cannot even compare a larger
# integer, so a bigger one typed into a choice must be refused before any query.
LARGEST_KEY = 2**63 - 1


def _is_key(value: object) -> bool:
    try:
        return 0 < int(str(value)) <= LARGEST_KEY
    except ValueError:
        return False


class KeyChoiceField(_ModelChoiceField):
    def to_python(self, value: Any) -> models.Model | None:
        if value not in self.empty_values and not _is_key(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class KeysChoiceField(_ModelMultipleChoiceField):
    def _check_values(self, value: Iterable[object]) -> models.QuerySet[models.Model]:
        for each in value:
            if not _is_key(each):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": each},
                )
        checked: models.QuerySet[models.Model]
        checked = super()._check_values(value)  # type: ignore[misc]  # not in django-stubs
        return checked


def ledger_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Form fields for model fields, with choices of records that check their keys."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", KeysChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", KeyChoiceField)
    return db_field.formfield(**kwargs)


class LedgerModelForm(_ModelForm):
    """The base of the ledger's model forms; their Meta inherits this one's."""

    class Meta:
        formfield_callback = ledger_formfield

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]  # Django's, not in django-stubs
        # Links are saved after the record, perhaps outside its transaction.
        if isinstance(self.instance, Watched):
            self.instance.changed()


class VersionedForm(LedgerModelForm):
    """A form for a `Versioned` record: it carries the version its editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    instance: Versioned  # its Meta.model is a Versioned one

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any] | None:
        # The version is a hidden field: a bad one is a page that cannot be saved from.
        if self._errors.pop("version", None):  # type: ignore[attr-defined]  # not in django-stubs
            self.add_error(None, gettext("This page is out of date: open the record again."))
        return super().clean()

    # Model fields the form sets besides its Meta fields.
    also_saves: list[str] = []

    def save_claimed(self, user: _User) -> Versioned:
        """Save from the version the editor started from; raises EditConflict, saving
        nothing, when someone else saved in between. Call inside a transaction.

        Only the form's own fields are written, so what other code keeps up to date on
        the record (a status, a rendered file) is never put back to an older value."""
        record = cast(Versioned, self.save(commit=False))  # its `instance`
        adding = record._state.adding
        record.claim_version(user, self.cleaned_data["version"])
        if adding:
            record.save()
        else:
            model = record._meta
            # A VersionedForm's Meta names its fields: never None.
            written = [f for f in self._meta.fields if not model.get_field(f).many_to_many]  # type: ignore[union-attr]
            record.save(
                update_fields=[*written, *self.also_saves, "version", "updated_by", "updated_at"]
            )
        self.save_m2m()
        return record

    def show_conflict(self, current: Versioned, photos_kept: int = 0) -> None:
        """Keep what was typed and say who saved in between (EditConflict.current); saving
        again is then a deliberate choice to keep this version. `photos_kept`: how many of
        the files chosen were added to the saved record all the same."""
        who = current.updated_by
        message = gettext(
            "%(who)s saved this record at %(time)s, after you opened it, so your changes "
            "were not saved. They are still below: compare them with the saved record "
            "(open it in a new tab), and save again to keep your version."
        ) % {
            "who": (who.get_full_name() or who.username) if who else gettext("Someone"),
            # Every Versioned model is TimeStamped too.
            "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),  # type: ignore[attr-defined]
        }
        if photos_kept:
            message += " " + ngettext(
                "The file you chose was added to the record: no need to choose it again.",
                "The %(count)d files you chose were added to the record: no need to choose "
                "them again.",
                photos_kept,
            ) % {"count": photos_kept}
        self.add_error(None, message)
        self.data = cast(QueryDict, self.data).copy()  # request.POST
        self.data["version"] = str(current.version)
