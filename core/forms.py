"""The base of the ledger's forms: keys checked before any query, versions claimed."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from .models import Watched


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# The largest key a row can have (a 64-bit id). SQLite cannot even compare a larger
# integer, so a bigger one typed into a choice must be refused before any query.
LARGEST_KEY = 2**63 - 1


def _is_key(value):
    try:
        return 0 < int(str(value)) <= LARGEST_KEY
    except ValueError:
        return False


class KeyChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_key(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class KeysChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for each in value:
            if not _is_key(each):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": each},
                )
        return super()._check_values(value)


def ledger_formfield(db_field, **kwargs):
    """Form fields for model fields, with choices of records that check their keys."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", KeysChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", KeyChoiceField)
    return db_field.formfield(**kwargs)


class LedgerModelForm(forms.ModelForm):
    """The base of the ledger's model forms; their Meta inherits this one's."""

    class Meta:
        formfield_callback = ledger_formfield

    def _save_m2m(self):
        super()._save_m2m()
        # Links are saved after the record, perhaps outside its transaction.
        if isinstance(self.instance, Watched):
            self.instance.changed()


class VersionedForm(LedgerModelForm):
    """A form for a `Versioned` record: it carries the version its editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean(self):
        # The version is a hidden field: a bad one is a page that cannot be saved from.
        if self._errors.pop("version", None):
            self.add_error(None, gettext("This page is out of date: open the record again."))
        return super().clean()

    # Model fields the form sets besides its Meta fields.
    also_saves = []

    def save_claimed(self, user):
        """Save from the version the editor started from; raises EditConflict, saving
        nothing, when someone else saved in between. Call inside a transaction.

        Only the form's own fields are written, so what other code keeps up to date on
        the record (a status, a rendered file) is never put back to an older value."""
        record = self.save(commit=False)
        adding = record._state.adding
        record.claim_version(user, self.cleaned_data["version"])
        if adding:
            record.save()
        else:
            model = record._meta
            written = [f for f in self._meta.fields if not model.get_field(f).many_to_many]
            record.save(
                update_fields=[*written, *self.also_saves, "version", "updated_by", "updated_at"]
            )
        self.save_m2m()
        return record

    def show_conflict(self, current, photos_kept=0):
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
            "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
        }
        if photos_kept:
            message += " " + ngettext(
                "The file you chose was added to the record: no need to choose it again.",
                "The %(count)d files you chose were added to the record: no need to choose "
                "them again.",
                photos_kept,
            ) % {"count": photos_kept}
        self.add_error(None, message)
        self.data = self.data.copy()
        self.data["version"] = current.version
