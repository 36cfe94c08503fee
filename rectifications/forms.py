from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activities.models import Meeting
from attachments.forms import UploadField, UploadsForm
from branches.models import Member
from core.forms import DateInput, LedgerModelForm, VersionedForm

from .models import Checklist, Item

# Talks and party-group meetings find no problems for a checklist; the rest may.
MEETINGS_WITH_FINDINGS = [
    kind for kind in Meeting.Kind.values if kind not in (Meeting.Kind.TALK, Meeting.Kind.GROUP)
]


def _dated(activity):
    """An activity by its date and title (a meeting names its date itself)."""
    return f"{date_format(activity.held_on)} {activity}"


class ChecklistForm(VersionedForm):
    class Meta(LedgerModelForm.Meta):
        model = Checklist
        fields = ["title", "source", "starts_on", "ends_on", "meeting", "activity", "description"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.instance.branch
        self.fields["meeting"].queryset = branch.meetings.filter(
            kind__in=MEETINGS_WITH_FINDINGS
        ).order_by("-held_on", "-pk")
        self.fields["activity"].queryset = branch.activities.order_by("-held_on", "-pk")
        self.fields["activity"].label_from_instance = _dated


class ItemForm(VersionedForm):
    class Meta(LedgerModelForm.Meta):
        model = Item
        fields = ["problem", "category", "owner", "measures", "found_on", "deadline"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 2}),
            "found_on": DateInput(),
            "deadline": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        owner = item.owner if item.owner_id else None
        self.fields["owner"].queryset = Member.objects.offered(item.checklist.branch, owner)


class MoveForm(UploadsForm):
    """One step on an item: the move is the button pressed; the note and evidence go with it."""

    move = forms.ChoiceField()
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    uploads = UploadField(label=_("Evidence (photos before and after, documents)"))
    # How many steps the timeline showed: a step someone took since then stops this one.
    steps_seen = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("This page is out of date: open the item again."),
            "invalid": _("This page is out of date: open the item again."),
            "min_value": _("This page is out of date: open the item again."),
        },
    )

    def __init__(self, *args, moves, steps_seen, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = moves
        self.fields["move"].choices = [(move.name, move.label) for move in moves]
        self.fields["move"].error_messages["required"] = _("Choose what to do with the item.")
        self.fields["steps_seen"].initial = steps_seen
        if not any(move.verifies for move in moves):
            return
        # A verifier closes or sends back; evidence is the owner's to bring.
        del self.fields["uploads"], self.fields["kept_uploads"]
        self.fields["note"].label = _("Verification note or reason")


class ImportForm(forms.Form):
    """Many items at once: an .xlsx file from the template, or rows pasted from a sheet."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    pasted = forms.CharField(
        label=_("Or paste rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=_(
            "Copy the rows from Excel or WPS and paste them here, in the template's column "
            "order; the header row may be included."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("file")) == bool(cleaned.get("pasted", "").strip()):
            raise forms.ValidationError(_("Choose a file or paste rows, one of the two."))
        return cleaned
