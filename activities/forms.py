from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attachments.forms import UploadField, UploadsForm
from branches.models import Member, PartnerOrganization
from core.forms import DateInput, LedgerModelForm, VersionedForm

from .models import Activity, Attendance, Honour, Meeting, StudyPlanItem


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class WithUploads(UploadsForm):
    """Photos and PDFs added with a record, each checked by content (attachments app)."""

    caption = forms.CharField(label=_("Caption for the photos"), max_length=200, required=False)


class MeetingForm(WithUploads, VersionedForm):
    also_saves = ["lecturer_role"]  # Meeting.save keeps it with the lecturer

    class Meta(LedgerModelForm.Meta):
        model = Meeting
        fields = [
            "held_on",
            "starts_at",
            "place",
            "topic",
            "host",
            "interviewee",
            "recorder",
            "lecturer",
            "guest_lecturer",
            "agenda",
            "minutes",
            "resolutions",
            "guests",
            "partners",
            "study_plan_item",
        ]
        widgets = {
            "held_on": DateInput(),
            "starts_at": TimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "resolutions": forms.Textarea(attrs={"rows": 3}),
            "guests": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        for name in ("host", "recorder", "lecturer", "interviewee"):
            self.fields[name].queryset = Member.objects.offered(
                meeting.branch, getattr(meeting, name)
            )
        if meeting.kind == Meeting.Kind.TALK:
            self.fields["host"].label = _("Committee member")
            self.fields["host"].queryset = self.fields["host"].queryset.filter(
                ~Q(committee_role="") | Q(pk=meeting.host_id)
            )
            self.fields["host"].required = self.fields["interviewee"].required = True
            for name in ("recorder", "agenda", "resolutions", "guests", "partners"):
                del self.fields[name]
        else:
            del self.fields["interviewee"]
            self.fields["partners"].queryset = _branch_partners(meeting)
        if meeting.kind != Meeting.Kind.LECTURE:
            del self.fields["lecturer"], self.fields["guest_lecturer"]
        _offer_plan_items(self.fields["study_plan_item"], meeting)

    def clean(self):
        cleaned_data = super().clean()
        _check_plan_year(self)
        return cleaned_data

    def save_claimed(self, user, attendance=None):
        """Save as every versioned record is saved, then the attendance sheet
        (Meeting.record_attendance). Call inside a transaction."""
        meeting = super().save_claimed(user)
        meeting.record_attendance(attendance)
        return meeting


def _branch_partners(record):
    """The branch's partner organizations, plus those the record already names."""
    named = record.partners.all() if record.pk else PartnerOrganization.objects.none()
    return (record.branch.partners.all() | named).distinct().order_by("name")


def _offer_plan_items(field, record):
    """The topics of the study plan of the record's year, and of the year before (a new
    record is dated today until it is saved); the plan item it names already stays."""
    year = (record.held_on or timezone.localdate()).year
    field.queryset = (
        (
            StudyPlanItem.objects.filter(
                plan__branch=record.branch, plan__year__in=[year, year - 1]
            )
            | StudyPlanItem.objects.filter(pk=record.study_plan_item_id)
        )
        .select_related("plan")
        .order_by("-plan__year", "month")
    )
    field.label_from_instance = _plan_item_label
    field.empty_label = _("None (not part of the plan)")


def _check_plan_year(form):
    """A record fulfils a topic of its own year's plan."""
    item, held_on = form.cleaned_data.get("study_plan_item"), form.cleaned_data.get("held_on")
    if item and held_on and item.plan.year != held_on.year:
        form.add_error(
            "study_plan_item",
            _("This topic is in the study plan of %(plan)s; the date is in %(year)s.")
            % {"plan": item.plan.year, "year": held_on.year},
        )


def _plan_item_label(item):
    return f"{item.plan.year} · {item}"


class AttendanceSheet(forms.Form):
    """One row per member who should attend: present, or absent with the reason."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, prefix="attendance", **kwargs)
        self.members = []
        for member, status, note in rows:
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=member.name, choices=Attendance.Status.choices, initial=status
            )
            self.fields[f"note_{member.pk}"] = forms.CharField(
                label=_("Note"), max_length=200, required=False, initial=note
            )
            self.members.append(member)

    def rows(self):
        for member in self.members:
            yield member, self[f"status_{member.pk}"], self[f"note_{member.pk}"]

    def clean(self):
        for member in self.members:
            status = self.cleaned_data.get(f"status_{member.pk}")
            if status == Attendance.Status.OTHER and not self.cleaned_data.get(f"note_{member.pk}"):
                self.add_error(
                    f"note_{member.pk}",
                    _("Say why %(name)s was absent.") % {"name": member.name},
                )
        return self.cleaned_data

    def attendance(self):
        return {
            member: (
                self.cleaned_data[f"status_{member.pk}"],
                self.cleaned_data[f"note_{member.pk}"],
            )
            for member in self.members
        }


class ActivityForm(WithUploads, VersionedForm):
    class Meta(LedgerModelForm.Meta):
        model = Activity
        fields = [
            "kind",
            "title",
            "held_on",
            "ends_on",
            "place",
            "partners",
            "members",
            "participant_count",
            "people_served",
            "volunteer_hours",
            "description",
            "outcome",
            "study_plan_item",
        ]
        widgets = {
            "held_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.CheckboxSelectMultiple,
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        activity = self.instance
        taking_part = activity.members.all() if activity.pk else []
        self.fields["members"].queryset = Member.objects.offered(activity.branch, *taking_part)
        self.fields["partners"].queryset = _branch_partners(activity)
        _offer_plan_items(self.fields["study_plan_item"], activity)

    def clean(self):
        cleaned_data = super().clean()
        _check_plan_year(self)
        return cleaned_data


class HonourForm(UploadsForm, VersionedForm):
    uploads = UploadField(label=_("Evidence"))

    class Meta(LedgerModelForm.Meta):
        model = Honour
        fields = [
            "kind",
            "title",
            "level",
            "grade",
            "issuer",
            "awarded_on",
            "quantity",
            "days_gained",
            "members",
            "description",
        ]
        widgets = {
            "awarded_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honour = self.instance
        credited = honour.members.all() if honour.pk else []
        self.fields["members"].queryset = Member.objects.offered(honour.branch, *credited)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("days_gained") and cleaned.get("kind") != Honour.Kind.SCHEDULE_GAIN:
            self.add_error("days_gained", _("Only a schedule gain counts days gained."))
        return cleaned


class StudyPlanItemForm(VersionedForm):
    class Meta(LedgerModelForm.Meta):
        model = StudyPlanItem
        fields = ["month", "topic", "form", "owner"]
        widgets = {"month": forms.Select(choices=[(m, m) for m in range(1, 13)])}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.offered(
            self.instance.plan.branch, self.instance.owner
        )
