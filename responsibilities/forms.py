from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Member
from core import dates
from core.forms import DateInput, LedgerModelForm

from .models import Milestone, Responsibility


class ResponsibilityForm(LedgerModelForm):
    class Meta(LedgerModelForm.Meta):
        model = Responsibility
        fields = [
            "kind",
            "name",
            "description",
            "targets",
            "commitment",
            "starts_on",
            "ends_on",
            "members",
            "is_safety_zone",
            "accident_free_since",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "targets": forms.Textarea(attrs={"rows": 3}),
            "commitment": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "accident_free_since": DateInput(),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.branch = branch
        # Members assigned before they transferred out stay assigned until unticked.
        assigned = self.instance.members.all() if self.instance.pk else Member.objects.none()
        self.fields["members"].queryset = (
            branch.members.active() | branch.members.filter(pk__in=assigned)
        ).order_by("name")


class MilestoneForm(LedgerModelForm):
    class Meta(LedgerModelForm.Meta):
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), validators=[dates.happened])
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("A key node cannot be done in the future."))
        return done_on
