from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Meeting
from attachments.models import Attachment
from core.forms import LedgerModelForm, VersionedForm

from .models import BLOCKS, AnnualReport, ReportSection


class ReportForm(VersionedForm):
    """The secretary's narrative, where each block of figures goes, and the photos."""

    also_saves = ["placements"]

    class Meta(LedgerModelForm.Meta):
        model = AnnualReport
        fields = ["title", "subtitle", "overview", "lessons", "next_steps", "photos"]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "photos": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, section_count, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        choices = [(0, _("Leave out"))] + [
            (number, _("Sub-section %(number)s") % {"number": number})
            for number in range(1, section_count + 1)
        ]
        for key, label, _default in BLOCKS:
            self.fields[f"block_{key}"] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, initial=report.placement(key)
            )
        self.fields["photos"].queryset = photos_of_the_year(report.branch, report.year)
        self.fields["photos"].label_from_instance = lambda photo: str(photo)

    def block_fields(self):
        return [self[f"block_{key}"] for key, _label, _default in BLOCKS]

    def save(self, commit=True):
        self.instance.placements = {
            key: self.cleaned_data[f"block_{key}"] for key, _label, _default in BLOCKS
        }
        return super().save(commit)


def photos_of_the_year(branch, year):
    """The photos of the branch's meetings and activities of the year."""
    types = ContentType.objects.get_for_models(Meeting, Activity)
    meetings = Meeting.objects.filter(branch=branch).of_year(year).values("pk")
    activities = Activity.objects.filter(branch=branch, held_on__year=year).values("pk")
    return Attachment.objects.filter(
        Q(target_type=types[Meeting], target_id__in=meetings)
        | Q(target_type=types[Activity], target_id__in=activities),
        branch=branch,
        mime_type__startswith="image/",
    ).order_by("created_at", "pk")


SectionFormSet = inlineformset_factory(
    AnnualReport,
    ReportSection,
    fields=["number", "title", "text"],
    widgets={"text": forms.Textarea(attrs={"rows": 6})},
    extra=1,
    can_delete=True,
)
