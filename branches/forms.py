from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.forms import DateInput, LedgerModelForm

from .models import Member, Organization, PartnerOrganization, PartyGroup


class BranchProfileForm(LedgerModelForm):
    class Meta(LedgerModelForm.Meta):
        model = Organization
        fields = [
            "name",
            "short_name",
            "founded_on",
            "contact_person",
            "contact_phone",
            "committee_term_start",
            "committee_term_end",
            "project_name",
            "project_location",
            "land_area_m2",
            "floor_area_m2",
            "contract_start",
            "contract_end",
            "project_summary",
            "partners",
        ]
        widgets = {
            field: DateInput()
            for field in [
                "founded_on",
                "committee_term_start",
                "committee_term_end",
                "contract_start",
                "contract_end",
            ]
        } | {
            "project_summary": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        self.fields["partners"].help_text = _(
            "A partner not listed here is added from the branch page."
        )


class PartnerForm(LedgerModelForm):
    """A partner the branch works with. One already in the directory under that name is
    linked rather than entered twice (see branches.views.organizations.partner_add)."""

    class Meta(LedgerModelForm.Meta):
        model = PartnerOrganization
        fields = ["name", "contact_person", "contact_phone", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        pass


class PartyGroupForm(LedgerModelForm):
    class Meta(LedgerModelForm.Meta):
        model = PartyGroup
        fields = ["name", "leader", "formed_on"]
        widgets = {"formed_on": DateInput()}

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.branch = branch
        self.fields["leader"].queryset = branch.members.active()

    def clean_name(self):
        # The branch is not a form field, so the form does not check this constraint itself.
        name = self.cleaned_data["name"]
        others = self.instance.branch.party_groups.exclude(pk=self.instance.pk)
        if others.filter(name=name).exists():
            raise forms.ValidationError(_("This branch already has a party group of that name."))
        return name


class MemberForm(LedgerModelForm):
    class Meta(LedgerModelForm.Meta):
        model = Member
        fields = [
            "name",
            "gender",
            "birth_date",
            "joined_on",
            "full_member_on",
            "status",
            "group",
            "committee_role",
            "job",
            "phone",
        ]
        widgets = {
            "birth_date": DateInput(),
            "joined_on": DateInput(),
            "full_member_on": DateInput(),
        }

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.branch = branch
        self.fields["group"].queryset = branch.party_groups.all()
        # Transfer out has its own form: it records the date and keeps the history clear.
        self.fields["status"].choices = [
            choice for choice in Member.Status.choices if choice[0] != Member.Status.TRANSFERRED_OUT
        ]


class TransferOutForm(forms.Form):
    transferred_out_on = forms.DateField(
        label=_("Transferred out on"), widget=DateInput(), validators=[dates.happened_in_history]
    )
    note = forms.CharField(label=_("Where to, and why"), max_length=200, required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_transferred_out_on(self):
        day = self.cleaned_data["transferred_out_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The transfer date cannot be in the future."))
        if self.member.joined_on and day < self.member.joined_on:
            raise forms.ValidationError(_("The transfer date cannot be before joining the party."))
        return day


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
