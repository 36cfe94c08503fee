from django import forms
from django.utils.translation import gettext_lazy as _

from .uploads import clean_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """Several photos or PDFs at once, each checked by its content (see uploads.py)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos and attachments"))
        kwargs.setdefault("help_text", _("Photos (JPEG, PNG, WebP) or PDF, at most 10 MB each."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [clean_upload(super(UploadField, self).clean(file, initial)) for file in files]
