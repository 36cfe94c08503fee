from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import StagedUpload
from .uploads import clean_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """Several photos or PDFs at once, each checked by its content (see uploads.py). Those
    that pass stay in `accepted` when another is refused, to be kept (UploadsForm)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"})
    accepted = ()

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos and attachments"))
        kwargs.setdefault("help_text", _("Photos (JPEG, PNG, WebP) or PDF, at most 10 MB each."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        self.accepted, refused = [], []
        for file in files:
            try:
                self.accepted.append(clean_upload(super().clean(file, initial)))
            except forms.ValidationError as error:
                refused.append(error)
        if refused:
            raise forms.ValidationError(refused)
        return self.accepted


class KeptUploadsField(forms.Field):
    """The files kept from the user's last try (StagedUpload), carried by hidden inputs. One
    no longer kept (attached meanwhile, or expired) is left out, not refused."""

    widget = forms.MultipleHiddenInput
    queryset = StagedUpload.objects.none()

    def to_python(self, value):
        # Keys of 18 digits at most: larger ones are no row's, and SQLite cannot compare them.
        keys = [int(key) for key in map(str, value or ()) if key.isdecimal() and len(key) <= 18]
        return list(self.queryset.filter(pk__in=keys)) if keys else []


class UploadsForm(forms.Form):
    """A form that adds photos and PDFs to a record. When it is refused, for another field
    or another file, the files that passed their checks are kept for the user who chose
    them (StagedUpload) and carried to the next try by hidden inputs, so that he need not
    choose them again; saving it attaches them with those chosen then (files_to_attach)."""

    uploads = UploadField()
    kept_uploads = KeptUploadsField(required=False)

    def __init__(self, *args, uploader=None, **kwargs):
        """`uploader`: who chose the files; needed to keep them, and so on a bound form."""
        super().__init__(*args, **kwargs)
        self.uploader = uploader
        if uploader is not None:
            self.fields["kept_uploads"].queryset = StagedUpload.objects.usable_by(uploader)

    def files_to_attach(self):
        """The files chosen now and those kept from an earlier try, for
        Attachment.objects.attach, which is then done with the kept ones."""
        kept = self.cleaned_data.get("kept_uploads", [])
        return [*self.cleaned_data.get("uploads", []), *(staged.as_upload() for staged in kept)]

    def keep_uploads(self):
        """After a refused submit: keep the files that passed their checks, and say under
        the file field that they are kept."""
        if "uploads" not in self.fields:
            return
        kept = [
            *self.cleaned_data.get("kept_uploads", []),
            *StagedUpload.objects.stage(self.uploader, self.fields["uploads"].accepted),
        ]
        self.data = self.data.copy()
        self.data.setlist(self.add_prefix("kept_uploads"), [str(staged.pk) for staged in kept])
        if kept:
            field = self["uploads"]  # the form's bound field, which the page shows
            field.help_text = format_html(
                '{} <strong class="kept-uploads">{}</strong>',
                field.help_text,
                ngettext(
                    "Kept from your last try, to be added when you save (no need to choose "
                    "it again): %(names)s.",
                    "Kept from your last try, to be added when you save (no need to choose "
                    "them again): %(names)s.",
                    len(kept),
                )
                % {"names": "、".join(staged.original_name for staged in kept)},
            )
