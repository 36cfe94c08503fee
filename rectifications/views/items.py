from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from attachments.history import history_with_files
from attachments.models import Attachment
from core.models import EditConflict
from core.spreadsheets import xlsx_response

from .. import ledger
from ..filters import ItemFilter
from ..forms import ItemForm, MoveForm
from ..models import Checklist, Item, Step


def _item_or_404(request, pk):
    return request.access.get_or_404(
        Item.objects.select_related("branch", "checklist", "owner", "verified_by"), pk=pk
    )


def _filtered_items(request, branch):
    items = branch.rectification_items.select_related("checklist", "owner").by_urgency()
    item_filter = ItemFilter(request.GET or None, queryset=items, branch=branch)
    return item_filter, item_filter.qs


@require_safe
@login_required
def item_list(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    item_filter, items = _filtered_items(request, branch)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "rectifications/item_list.html",
        {
            "branch": branch,
            "filter": item_filter,
            "page": page,
            "today": timezone.localdate(),
            "can_export": request.access.can_oversee(branch),
        },
    )


@require_safe
@login_required
def item_export(request, branch_pk):
    branch = request.access.branch_or_404(branch_pk)
    request.access.require_oversee(branch)
    _filter, items = _filtered_items(request, branch)
    items = items.order_by("checklist__starts_on", "checklist", "number")
    filename = f"rectification-items-{branch.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(ledger.ledger_xlsx(items, name_checklists=True), filename)


@require_safe
@login_required
def item_detail(request, pk):
    item = _item_or_404(request, pk)
    steps = list(item.steps.select_related("by"))
    evidence = {}
    for attachment in _attachments_of(item, steps):
        evidence.setdefault((attachment.target_type_id, attachment.target_id), []).append(
            attachment
        )
    step_type = ContentType.objects.get_for_model(Step)
    for step in steps:
        step.evidence = evidence.get((step_type.pk, step.pk), [])
    item_type = ContentType.objects.get_for_model(Item)
    # Opening the item is reading the reminders about it.
    request.user.notifications.unread().filter(item=item).update(read_at=timezone.now())
    moves = request.access.item_moves(item)
    return render(
        request,
        "rectifications/item_detail.html",
        {
            "item": item,
            "steps": steps,
            "attachments": evidence.get((item_type.pk, item.pk), []),
            "removed_attachments": Attachment.with_removed.of(item).restorable(),
            "progress_form": _move_form(moves, len(steps), verifies=False),
            "verify_form": _move_form(moves, len(steps), verifies=True),
            "today": timezone.localdate(),
            "can_edit": request.access.can_edit(item.branch) and not item.is_closed,
            "history": history_with_files(item),
        },
    )


def _attachments_of(item, steps):
    """The item's own files and its steps' evidence, in one query."""
    item_type, step_type = ContentType.objects.get_for_models(Item, Step).values()
    return Attachment.objects.filter(
        Q(target_type=item_type, target_id=item.pk)
        | Q(target_type=step_type, target_id__in=[step.pk for step in steps])
    )


def _move_form(moves, steps_seen, verifies, data=None, files=None, uploader=None):
    wanted = [move for move in moves if move.verifies == verifies]
    if not wanted:
        return None
    return MoveForm(data, files, moves=wanted, steps_seen=steps_seen, uploader=uploader)


@require_http_methods(["GET", "POST"])
@login_required
def item_progress(request, pk):
    """The owner (or the committee) moves the item on, with a note and evidence."""
    return _move(request, _item_or_404(request, pk), verifies=False)


@require_http_methods(["GET", "POST"])
@login_required
def item_verify(request, pk):
    """The committee or HQ closes the item (销号) or sends it back with the reason."""
    return _move(request, _item_or_404(request, pk), verifies=True)


def _move(request, item, verifies):
    access = request.access
    if verifies and not access.can_verify(item):
        raise PermissionDenied(
            _("Items are closed or sent back by the committee or HQ, never by their owner.")
        )
    if not verifies and not access.can_progress(item):
        raise PermissionDenied(_("An item is moved forward by its owner or the branch committee."))
    # Checked before the form, whose choices follow the status now: a step offered on
    # the page he saw may be gone, and he is to see why, his note kept.
    seen = _steps_seen(request)
    if seen is not None and item.status_changed_since(seen):
        return _moved_meanwhile(request, item, request.POST.get("note", ""), verifies)
    form = _move_form(
        access.item_moves(item),
        item.steps.count(),
        verifies,
        request.POST or None,
        request.FILES,
        uploader=request.user,
    )
    if form is None:
        messages.info(
            request,
            _("Nothing to do here: the item is “%(status)s”.")
            % {"status": item.get_status_display()},
        )
        return redirect(item)
    if form.is_valid():
        data = form.cleaned_data
        try:
            step = item.move(
                data["move"],
                request.user,
                data["note"],
                data["steps_seen"],
                form.files_to_attach(),
            )
        except ValidationError as error:
            form.add_error("note", error)
        except EditConflict as conflict:
            return _moved_meanwhile(request, conflict.current, data["note"], verifies)
        else:
            messages.success(
                request,
                _("“%(move)s” is recorded; the item is now “%(status)s”.")
                % {"move": step.get_move_display(), "status": item.get_status_display()},
            )
            return redirect(item)
    if form.is_bound:
        form.keep_uploads()
    return render(request, "rectifications/item_move.html", {"item": item, "form": form})


def _steps_seen(request):
    """The number of steps the posting page showed, None if it did not say (the form
    then says the page is out of date)."""
    try:
        return int(request.POST.get("steps_seen", ""))
    except ValueError:
        return None


def _moved_meanwhile(request, item, note, verifies):
    """Someone took a step since the user opened the item: show him where it stands now,
    with his note as he typed it, to send again if it still applies."""
    note = note[: MoveForm.base_fields["note"].max_length]
    messages.warning(
        request,
        _(
            "Someone took a step on this item after you opened it: it is now “%(status)s”. "
            "Read its timeline, then send your note again if it still applies."
        )
        % {"status": item.get_status_display()},
    )
    again = _move_form(request.access.item_moves(item), item.steps.count(), verifies)
    if again is None:
        if note.strip():
            messages.info(request, _("Your note, not sent: %(note)s") % {"note": note})
        return redirect(item)
    again.initial["note"] = note
    if request.FILES or request.POST.get("kept_uploads"):
        messages.info(request, _("Choose the evidence files again before you send it."))
    steps = item.steps.select_related("by")
    return render(
        request, "rectifications/item_move.html", {"item": item, "form": again, "steps": steps}
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_create(request, checklist_pk):
    checklist = request.access.get_or_404(
        Checklist.objects.select_related("branch"), pk=checklist_pk
    )
    deadline = timezone.localdate() + timedelta(days=30)
    return _item_form(request, Item(checklist=checklist, deadline=deadline))


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, pk):
    item = _item_or_404(request, pk)
    if item.is_closed:
        messages.info(request, _("A closed item is kept as it was closed."))
        return redirect(item)
    return _item_form(request, item)


def _item_form(request, item):
    request.access.require_edit(item.checklist.branch)
    form = ItemForm(request.POST or None, request.FILES or None, instance=item)
    if form.is_valid():
        try:
            with transaction.atomic():
                if item.pk:
                    item = form.save_claimed(request.user)
                else:
                    item.checklist.add_items([form.save(commit=False)], request.user)
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        else:
            messages.success(request, _("Item %(number)s was saved.") % {"number": item.number})
            if "add_another" in request.POST:
                return redirect("rectifications:item_create", item.checklist_id)
            return redirect(item)
    return render(request, "rectifications/item_form.html", {"item": item, "form": form})
