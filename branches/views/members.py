from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches import roster
from branches.filters import MemberFilter
from branches.forms import MemberForm, RosterUploadForm, TransferOutForm
from branches.models import Member
from core.spreadsheets import SpreadsheetError, xlsx_response


def _filtered_members(request, branch):
    members = branch.members.select_related("group").in_roster_order()
    member_filter = MemberFilter(request.GET or None, queryset=members, branch=branch)
    members = member_filter.qs
    if not (member_filter.is_bound and member_filter.form.cleaned_data.get("status")):
        members = members.active()
    return member_filter, members


@require_safe
@login_required
def member_list(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    member_filter, members = _filtered_members(request, branch)
    page = Paginator(members, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/member_list.html",
        {
            "branch": branch,
            "filter": member_filter,
            "page": page,
            "can_edit": request.access.can_edit(branch),
            "can_export": request.access.can_oversee(branch),
        },
    )


@require_safe
@login_required
def member_export(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_oversee(branch)
    _filter, members = _filtered_members(request, branch)
    filename = f"members-{branch.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(roster.export_xlsx(members), filename)


@require_safe
@login_required
def import_template(request):
    return xlsx_response(roster.template_xlsx(), "member-import-template.xlsx")


@require_http_methods(["GET", "POST"])
@login_required
def member_import(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_edit(branch)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    result = None
    if form.is_valid():
        try:
            result = roster.import_xlsx(branch, form.cleaned_data["file"])
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            if not result.errors:
                messages.success(
                    request, _("%(count)d members were imported.") % {"count": len(result.created)}
                )
                return redirect("branches:member_list", branch.pk)
    return render(
        request, "branches/member_import.html", {"branch": branch, "form": form, "result": result}
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_create(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    return _member_form(request, branch, Member())


@require_http_methods(["GET", "POST"])
@login_required
def member_edit(request, pk):
    # A transferred-out member's record is history: it is not edited back to life.
    member = request.access.get_or_404(Member.objects.active().select_related("branch"), pk=pk)
    return _member_form(request, member.branch, member)


def _member_form(request, branch, member):
    request.access.require_edit(branch)
    form = MemberForm(request.POST or None, instance=member, branch=branch)
    if form.is_valid():
        member = form.save()
        messages.success(request, _("%(name)s was saved.") % {"name": member.name})
        return redirect(member)
    return render(
        request, "branches/member_form.html", {"branch": branch, "form": form, "member": member}
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_transfer_out(request, pk):
    member = request.access.get_or_404(Member.objects.active().select_related("branch"), pk=pk)
    request.access.require_edit(member.branch)
    form = TransferOutForm(
        request.POST or None, member=member, initial={"transferred_out_on": timezone.localdate()}
    )
    if form.is_valid():
        member.transfer_out(form.cleaned_data["transferred_out_on"], form.cleaned_data["note"])
        messages.success(
            request, _("%(name)s was marked as transferred out.") % {"name": member.name}
        )
        return redirect(member)
    return render(request, "branches/member_transfer.html", {"member": member, "form": form})
