import datetime
from dataclasses import dataclass
from typing import Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attachments.models import Attachment
from branches.models import LedgerRecord, Member, Organization
from core import dates
from core.models import EditConflict, TimeStamped, Versioned

from .checklists import Checklist
from .notifications import Notification


@dataclass
class Numbers:
    """Found, closed, open and overdue items, the rate and the days it took to close."""

    found: int = 0
    closed: int = 0
    overdue: int = 0
    days_to_close: int = 0  # summed over the closed items

    @property
    def open(self):
        return self.found - self.closed

    @property
    def rate(self):
        """整改率: closed ÷ found; None when nothing was found."""
        return self.closed / self.found if self.found else None

    @property
    def average_days(self):
        return self.days_to_close / self.closed if self.closed else None

    def count(self, status, deadline, found_on, closed_on, today):
        """Add one item to the numbers."""
        self.found += 1
        if status == Item.Status.CLOSED:
            self.closed += 1
            self.days_to_close += (closed_on - found_on).days
        elif deadline < today:
            self.overdue += 1


NUMBERS_FIELDS = ["status", "deadline", "found_on", "closed_on"]


class ItemQuerySet(models.QuerySet["Item"]):
    def open(self) -> Self:
        return self.exclude(status=Item.Status.CLOSED)

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def by_urgency(self, today=None):
        """What needs action first: overdue items, oldest deadline first; then those
        awaiting verification; then the rest still open by deadline; closed ones last,
        the latest closed first."""
        today = today or timezone.localdate()
        S = Item.Status
        rank = models.Case(
            models.When(~models.Q(status=S.CLOSED) & models.Q(deadline__lt=today), then=0),
            models.When(status=S.AWAITING, then=1),
            models.When(~models.Q(status=S.CLOSED), then=2),
            default=3,
        )
        return self.order_by(rank, models.F("closed_on").desc(nulls_last=True), "deadline", "pk")

    def found_between(self, start, end):
        return self.filter(found_on__range=(start, end))

    def numbers(self, today=None):
        """Numbers of these items, in one query."""
        today = today or timezone.localdate()
        result = Numbers()
        for row in self.order_by().values_list(*NUMBERS_FIELDS):
            result.count(*row, today)
        return result

    def numbers_on(self, day):
        """Numbers of these items as they stood at the end of `day`, in one query: an
        item closed later counts as open then, and as overdue if its deadline had
        passed. A report of a past year gives its figures as of the year's last day."""
        result = Numbers()
        for status, deadline, found_on, closed_on in self.order_by().values_list(*NUMBERS_FIELDS):
            if closed_on is not None and closed_on > day:
                status = Item.Status.OPEN  # not yet closed on that day
            result.count(status, deadline, found_on, closed_on, day)
        return result

    def numbers_by(self, field, today=None):
        """{value of `field`: Numbers}, e.g. per checklist, in one query."""
        today = today or timezone.localdate()
        result = {}
        for key, *row in self.order_by().values_list(field, *NUMBERS_FIELDS):
            result.setdefault(key, Numbers()).count(*row, today)
        return result

    def counts_of_branch(self, outer: str, today: datetime.date) -> dict[str, models.Expression]:
        """`open_items` and `overdue_items` of the branch named by the outer query's field
        `outer`, as subqueries to annotate it with."""

        def count(items):
            return Coalesce(
                models.Subquery(
                    items.filter(branch=models.OuterRef(outer))
                    .order_by()
                    .values("branch")
                    .annotate(count=models.Count("pk"))
                    .values("count")
                ),
                0,
            )

        return {"open_items": count(self.open()), "overdue_items": count(self.overdue(today))}

    def open_and_overdue_by_branch(
        self, today: datetime.date | None = None
    ) -> dict[int, tuple[int, int]]:
        """{branch id: (open, overdue)}, counted in the database for any number of branches."""
        today = today or timezone.localdate()
        rows = (
            self.open()
            .order_by()
            .values("branch")
            .annotate(
                open=models.Count("pk"),
                overdue=models.Count("pk", filter=models.Q(deadline__lt=today)),
            )
        )
        return {row["branch"]: (row["open"], row["overdue"]) for row in rows}


@dataclass(frozen=True)
class Move:
    """One step an item may take: from which status to which, and whether it is the
    owner's progress (the owner or the committee) or a verification (committee or HQ)."""

    name: str
    label: str
    source: str
    target: str
    verifies: bool
    note_required: bool


class Item(LedgerRecord, Versioned, TimeStamped):
    """One problem of a checklist, tracked from finding to 销号."""

    class Category(models.TextChoices):
        IDEOLOGY = "ideology", _("Ideology")
        ORGANIZATION = "organization", _("Organization")
        CONDUCT = "conduct", _("Work style")
        DISCIPLINE = "discipline", _("Discipline")
        SAFETY = "safety", _("Safety")
        QUALITY = "quality", _("Quality")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("To rectify")
        IN_PROGRESS = "in_progress", _("Being rectified")
        AWAITING = "awaiting", _("Awaiting verification")
        CLOSED = "closed", _("Closed")

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="items"
    )
    # The checklist's branch, kept on the item so scoping and counting need no join.
    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="rectification_items",
        editable=False,
    )
    number = models.PositiveIntegerField(_("No."), editable=False)
    problem = models.TextField(_("problem"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    owner = models.ForeignKey(
        Member,
        verbose_name=_("person responsible"),
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    measures = models.TextField(_("measures"), blank=True)
    found_on = models.DateField(
        _("found on"), default=timezone.localdate, validators=[dates.happened]
    )
    deadline = models.DateField(_("deadline"), validators=[dates.planned])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    attachments = GenericRelation(
        Attachment, content_type_field="target_type", object_id_field="target_id"
    )
    history = HistoricalRecords()

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="one_number_per_item")
        ]
        indexes = [
            models.Index(fields=["branch", "status", "deadline"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self):
        return f"{self.number}. {self.problem[:40]}"

    def get_absolute_url(self):
        return reverse("rectifications:item_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.branch_id = self.checklist.branch_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.owner_id and self.owner.branch_id != self.checklist.branch_id:
            raise ValidationError({"owner": _("Choose a member of this branch.")})
        if self.found_on and self.deadline and self.deadline < self.found_on:
            raise ValidationError({"deadline": _("The deadline cannot be before the finding.")})
        if self.found_on and self.found_on > timezone.localdate():
            raise ValidationError({"found_on": _("The date cannot be in the future.")})

    def is_overdue(self, today=None):
        """Past the deadline and not closed."""
        return self.status != self.Status.CLOSED and self.deadline < (today or timezone.localdate())

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def attachments_removable(self):
        """A closed item's files are the record of its 销号: they stay."""
        return not self.is_closed

    def possible_moves(self):
        """The moves the item's status allows, whoever asks (access decides who may)."""
        return [move for move in MOVES.values() if move.source == self.status]

    def status_changed_since(self, steps_seen):
        """Whether a step after the first `steps_seen` of the timeline changed the status
        (or the timeline never had that many steps). In the order the steps were saved,
        which the clocks of several web servers cannot upset."""
        steps = list(self.steps.order_by("pk").values_list("source", "target"))
        if not 0 <= steps_seen <= len(steps):
            return True
        return any(source != target for source, target in steps[steps_seen:])

    @transaction.atomic
    def move(self, name, user, note, steps_seen, evidence=()):
        """Take the move `name`, kept as a Step with the note and the evidence files.

        `steps_seen` is the number of steps on the timeline the user was shown. Raises
        EditConflict when a step taken since then changed the status, so nobody submits
        again over a send-back he has not read; another's progress report, or an edit of
        the item's text or deadline, is no reason to refuse. Raises ValidationError for a
        move the status does not allow or a missing note. Nothing is saved then.
        """
        current = Item.objects.select_for_update().get(pk=self.pk)
        if current.status_changed_since(steps_seen):
            raise EditConflict(current)
        move = MOVES.get(name)
        if move is None or move.source != current.status:
            raise ValidationError(_("This item cannot take that step in its current status."))
        note = note.strip()
        if move.note_required and not note:
            raise ValidationError(NOTE_REQUIRED[name])
        current.status = move.target
        if move.target == self.Status.CLOSED:
            current.closed_on = timezone.localdate()
            current.verified_by = user
        # Only what the step changes: an edit saved meanwhile keeps its text and deadline.
        current.save(update_fields=["status", "closed_on", "verified_by", "updated_at"])
        self.refresh_from_db()
        step = Step.objects.create(
            item=current, move=name, source=move.source, target=move.target, note=note, by=user
        )
        Attachment.objects.attach(step, evidence, user)
        if move.target == self.Status.AWAITING:
            Notification.objects.ask_to_verify(current)
        elif move.verifies:
            Notification.objects.verification_done(current)
        return step


S = Item.Status
# The only steps there are (待整改 → 整改中 → 待验收 → 已销号, or back to 整改中).
# name, label, from, to, a verification?, a note required?
MOVES = {
    move.name: move
    for move in [
        Move("start", _("Start rectifying"), S.OPEN, S.IN_PROGRESS, False, False),
        Move("report", _("Report progress"), S.IN_PROGRESS, S.IN_PROGRESS, False, True),
        Move("submit", _("Submit for verification"), S.IN_PROGRESS, S.AWAITING, False, True),
        Move("close", _("Verify and close"), S.AWAITING, S.CLOSED, True, True),
        Move("send_back", _("Send back"), S.AWAITING, S.IN_PROGRESS, True, True),
    ]
}
NOTE_REQUIRED = {
    "report": _("Describe the progress."),
    "submit": _("Describe what was done, so the verifier can check it."),
    "close": _("Write down how the rectification was verified."),
    "send_back": _("Give the reason for sending it back."),
}


class Step(LedgerRecord):
    """One step of an item's timeline: who moved it, when, from which status to which,
    with the note and the evidence files. Steps are never changed."""

    item = models.ForeignKey(
        Item, verbose_name=_("rectification item"), on_delete=models.CASCADE, related_name="steps"
    )
    move = models.CharField(_("step"), max_length=20, choices=[(m, MOVES[m].label) for m in MOVES])
    source = models.CharField(_("from"), max_length=20, choices=Item.Status.choices)
    target = models.CharField(_("to"), max_length=20, choices=Item.Status.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    attachments = GenericRelation(
        Attachment, content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "pk"]

    @property
    def ledger_branch_id(self):
        return self.item.branch_id

    def __str__(self):
        return f"{self.item} · {self.get_move_display()}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    @property
    def branch(self):
        return self.item.branch

    # A step's evidence is what its owner or verifier went by: it stays with the step.
    attachments_removable = False
