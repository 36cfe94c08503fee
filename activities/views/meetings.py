from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from attachments.history import history_with_files
from attachments.models import Attachment
from branches.models import Member
from core.deletion import confirm_delete
from core.models import EditConflict
from core.spreadsheets import xlsx_response

from ..exports import meetings_xlsx
from ..filters import MeetingFilter
from ..forms import AttendanceSheet, MeetingForm
from ..models import Attendance, Meeting

ABSENCES = Prefetch(
    "attendance",
    queryset=Attendance.objects.exclude(status=Attendance.Status.PRESENT)
    .select_related("member")
    .order_by("member__name"),
    to_attr="absences",
)


def _meeting_or_404(request, pk):
    return request.access.get_or_404(
        Meeting.objects.select_related(
            "branch", "group", "host", "recorder", "lecturer", "interviewee", "updated_by"
        ),
        pk=pk,
    )


def _filtered_meetings(request, branch):
    meetings = branch.meetings.select_related("host", "group").order_by("-held_on", "-pk")
    meeting_filter = MeetingFilter(request.GET or None, queryset=meetings, branch=branch)
    return meeting_filter, meeting_filter.qs


@require_safe
@login_required
def meeting_list(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    meeting_filter, meetings = _filtered_meetings(request, branch)
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/meeting_list.html",
        {
            "branch": branch,
            "filter": meeting_filter,
            "page": page,
            "can_edit": request.access.can_edit(branch),
            "can_export": request.access.can_oversee(branch),
        },
    )


@require_safe
@login_required
def meeting_export(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_oversee(branch)
    _filter, meetings = _filtered_meetings(request, branch)
    meetings = meetings.prefetch_related(ABSENCES).order_by("held_on", "starts_at", "pk")
    filename = f"meetings-{branch.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(meetings_xlsx(meetings), filename)


@require_safe
@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    attendance = meeting.attendance.select_related("member").order_by("member__name")
    return render(
        request,
        "activities/meeting_detail.html",
        {
            "meeting": meeting,
            "present": [row for row in attendance if row.is_present],
            "absent": [row for row in attendance if not row.is_present],
            "quorum_warning": meeting.quorum_warning(),
            "partners": meeting.partners.all(),
            "checklists": meeting.checklists.all(),
            "attachments": Attachment.objects.of(meeting),
            "removed_attachments": Attachment.with_removed.of(meeting).restorable(),
            "can_edit": request.access.can_edit(meeting.branch),
            "history": history_with_files(meeting),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request, branch_pk):
    """Choose the kind (and the party group) first: it decides who should attend."""
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_edit(branch)
    kind = request.GET.get("kind")
    group = None
    if kind == Meeting.Kind.GROUP and request.GET.get("group", "").isdecimal():
        group = branch.party_groups.filter(pk=request.GET["group"]).first()
    if kind not in Meeting.Kind.values or (kind == Meeting.Kind.GROUP and group is None):
        return render(
            request,
            "activities/meeting_kind.html",
            {"branch": branch, "kinds": Meeting.Kind.choices, "groups": branch.party_groups.all()},
        )
    # The secretary chairs and the organization officer keeps the minutes, as a rule.
    roles = {member.committee_role: member for member in branch.members.committee()}
    meeting = Meeting(
        branch=branch,
        kind=kind,
        group=group,
        held_on=timezone.localdate(),
        host=roles.get(Member.CommitteeRole.SECRETARY),
        recorder=roles.get(Member.CommitteeRole.ORGANIZATION),
    )
    return _meeting_form(request, meeting)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, pk):
    meeting = _meeting_or_404(request, pk)
    request.access.require_edit(meeting.branch)
    return _meeting_form(request, meeting)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_delete(request, pk):
    meeting = _meeting_or_404(request, pk)
    return confirm_delete(
        request, meeting, reverse("activities:meeting_list", args=[meeting.branch_id])
    )


def _sheet_rows(meeting):
    if meeting.pk:
        rows = meeting.attendance.select_related("member").order_by("member__name")
        return [(row.member, row.status, row.note) for row in rows]
    return [(member, Attendance.Status.PRESENT, "") for member in meeting.expected_attendees()]


def _meeting_form(request, meeting):
    data = request.POST or None
    form = MeetingForm(data, request.FILES or None, instance=meeting, uploader=request.user)
    sheet = None
    if meeting.takes_attendance:
        sheet = AttendanceSheet(data, rows=_sheet_rows(meeting))
    if data is not None and form.is_valid() and (sheet is None or sheet.is_valid()):
        attendance = sheet.attendance() if sheet is not None else None
        try:
            with transaction.atomic():
                meeting = form.save_claimed(request.user, attendance)
                Attachment.objects.attach(
                    meeting, form.files_to_attach(), request.user, form.cleaned_data["caption"]
                )
        except EditConflict as conflict:
            # Photos change nothing the other editor wrote: keep them, only the text is redone.
            kept = Attachment.objects.attach(
                conflict.current,
                form.files_to_attach(),
                request.user,
                form.cleaned_data["caption"],
            )
            form.show_conflict(conflict.current, photos_kept=len(kept))
        else:
            messages.success(request, _("The meeting was saved."))
            if warning := meeting.quorum_warning():
                messages.warning(request, warning)
            return redirect(meeting)
    elif data is not None:
        form.keep_uploads()
    return render(
        request,
        "activities/meeting_form.html",
        {
            "branch": meeting.branch,
            "meeting": meeting,
            "form": form,
            "sheet": sheet,
            "attachments": Attachment.objects.of(meeting) if meeting.pk else [],
        },
    )
