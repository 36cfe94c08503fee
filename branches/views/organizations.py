from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from branches.forms import BranchProfileForm, PartnerForm, PartyGroupForm
from branches.models import Member, PartyGroup


@require_safe
@login_required
def branch_list(request):
    branches = (
        request.access.branches()
        .select_related("parent")
        .annotate(
            member_count=Count("members", filter=~Q(members__status=Member.Status.TRANSFERRED_OUT))
        )
        .order_by("path")
    )
    query = request.GET.get("q", "").strip()
    if query:
        branches = branches.filter(Q(name__icontains=query) | Q(project_name__icontains=query))
    page = Paginator(branches, 50).get_page(request.GET.get("page"))
    return render(request, "branches/branch_list.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@login_required
def branch_edit(request, pk):
    branch = request.access.branch_or_404(pk)
    request.access.require_edit(branch)
    form = BranchProfileForm(
        request.POST or None,
        instance=branch,
        partners=request.access.partners().of_headquarters(branch),
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("The branch profile was saved."))
        return redirect(branch)
    return render(request, "branches/branch_form.html", {"branch": branch, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def partner_add(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_edit(branch)
    form = PartnerForm(request.POST or None)
    if form.is_valid():
        details = dict(form.cleaned_data)
        with transaction.atomic():
            partner, created = request.access.partners().get_or_create(
                headquarters_id=branch.root_id, name=details.pop("name"), defaults=details
            )
            branch.partners.add(partner)
        if created:
            message = _("%(partner)s is now a partner of the branch.")
        else:
            message = _(
                "%(partner)s was known already and is now a partner of the branch; the "
                "contact details on record were kept."
            )
        messages.success(request, message % {"partner": partner.name})
        return redirect(branch)
    return render(request, "branches/partner_form.html", {"branch": branch, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def group_create(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    return _group_form(request, branch, PartyGroup())


@require_http_methods(["GET", "POST"])
@login_required
def group_edit(request, pk):
    group = get_object_or_404(request.access.scope(PartyGroup.objects.all()), pk=pk)
    return _group_form(request, group.branch, group)


def _group_form(request, branch, group):
    request.access.require_edit(branch)
    form = PartyGroupForm(request.POST or None, instance=group, branch=branch)
    if form.is_valid():
        form.save()
        messages.success(request, _("The party group was saved."))
        return redirect(branch)
    return render(
        request, "branches/group_form.html", {"branch": branch, "form": form, "group": group}
    )
