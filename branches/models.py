from datetime import timedelta
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.models import TimeStamped, Watched

from .signals import ledger_written

# What compliance reads of an organization's profile; the rules come down the tree.
COMPLIANCE_FIELDS = ("founded_on", "parent_id")
_NOT_LOADED = object()


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def branches(self) -> Self:
        return self.filter(kind=Organization.Kind.BRANCH)

    def within(self, organization: "Organization") -> Self:
        """The organization and everything below it."""
        if not organization.path:
            return self.none()  # never saved: an empty prefix would match every row
        return self.filter(path__startswith=organization.path)

    def ledger_changed(self, record: models.Model | None = None) -> None:
        """Raise these organizations' ledger version, so that nothing cached from their
        records before (a report's digest) is read again, and have the counts kept of
        their ledgers worked out again (signals.ledger_written; `record` is what was
        written, None for anything). Call it in the transaction that writes: the version,
        the counts and the write commit together. Raising the version first also queues
        two writes to one branch, so each counts what the other wrote."""
        self.update(ledger_version=models.F("ledger_version") + 1)
        ledger_written.send(sender=Organization, organizations=self, record=record)


class Organization(Watched, TimeStamped):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General party branch")
        BRANCH = "branch", _("Party branch")

    # Which kinds may sit directly above each kind.
    ALLOWED_PARENTS = {
        Kind.COMMITTEE: {None, Kind.COMMITTEE},
        Kind.GENERAL_BRANCH: {Kind.COMMITTEE},
        Kind.BRANCH: {Kind.COMMITTEE, Kind.GENERAL_BRANCH},
    }

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path ("/1/4/9/") so a subtree is one indexed prefix match.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    founded_on = models.DateField(
        _("founded on"), null=True, blank=True, validators=[dates.happened_in_history]
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    committee_term_start = models.DateField(
        _("committee term start"), null=True, blank=True, validators=[dates.planned_in_history]
    )
    committee_term_end = models.DateField(
        _("committee term end"), null=True, blank=True, validators=[dates.planned_in_history]
    )
    project_name = models.CharField(_("project name"), max_length=100, blank=True)
    project_location = models.CharField(_("project location"), max_length=100, blank=True)
    land_area_m2 = models.DecimalField(
        _("land area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    contract_start = models.DateField(
        _("contract start"), null=True, blank=True, validators=[dates.planned_in_history]
    )
    contract_end = models.DateField(
        _("contract end"), null=True, blank=True, validators=[dates.planned_in_history]
    )
    project_summary = models.TextField(_("project summary"), blank=True)
    partners = models.ManyToManyField(
        "PartnerOrganization", verbose_name=_("partner organizations"), blank=True
    )
    # Raised whenever one of the branch's records changes (LedgerRecord), so nothing cached
    # from an older version (the board's rows, compliance, a report's digest) is read.
    ledger_version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["ledger_version"])

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        organization = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        organization._counted_as_loaded = tuple(
            loaded.get(name, _NOT_LOADED) for name in COMPLIANCE_FIELDS
        )
        return organization

    @property
    def counts_changed(self) -> bool:
        """Whether saving the profile changes what branches below it must do: a new
        organization, a founding date, a move under other rules."""
        counted = tuple(getattr(self, name) for name in COMPLIANCE_FIELDS)
        return getattr(self, "_counted_as_loaded", None) != counted

    @transaction.atomic
    def save(self, *args, **kwargs):
        if self.parent and self.pk and self.path and self.parent.path.startswith(self.path):
            raise ValidationError(_("An organization cannot sit under itself."))
        if self._state.adding:
            super().save(*args, **kwargs)  # changed() finds no path yet, so nothing below
            self.path = f"{self._parent_path()}{self.pk}/"
            Organization.objects.filter(pk=self.pk).update(path=self.path)
            self.changed()
        else:
            if "update_fields" not in kwargs:
                # The ledger version is raised elsewhere in one UPDATE: a profile loaded
                # before that must not write its older number back.
                kwargs["update_fields"] = [
                    field.name
                    for field in self._meta.concrete_fields
                    if not field.primary_key and field.name != "ledger_version"
                ]
            path = f"{self._parent_path()}{self.pk}/"
            if self.path and path != self.path:
                # Move the whole subtree, this organization included, in one statement,
                # before changed() works out what the rules above it now ask.
                Organization.objects.filter(path__startswith=self.path).update(
                    path=Concat(Value(path), Substr("path", len(self.path) + 1))
                )
            self.path = path
            super().save(*args, **kwargs)
        self._counted_as_loaded = tuple(getattr(self, name) for name in COMPLIANCE_FIELDS)

    def _parent_path(self):
        return self.parent.path if self.parent else "/"

    def get_absolute_url(self):
        return reverse("overview:branch", args=[self.pk])

    def changed(self):
        """A profile is printed in the reports below it; its founding date and its place
        in the tree change what the branches below must do."""
        if self.path:  # a new one is given its path after this: it has nothing below yet
            Organization.objects.within(self).ledger_changed(self)

    @property
    def lineage_ids(self):
        """The ids from the top of the tree down to this organization, read off the path."""
        return [int(pk) for pk in self.path.strip("/").split("/")]

    @property
    def root_id(self):
        """The organization at the top of this one's tree: its headquarters."""
        return self.lineage_ids[0]

    def contains(self, other: "Organization") -> bool:
        """Whether `other` is this organization or sits anywhere below it."""
        return bool(self.path) and other.path.startswith(self.path)

    @property
    def is_branch(self):
        return self.kind == self.Kind.BRANCH

    @property
    def display_name(self):
        return self.short_name or self.name

    def clean(self):
        parent_kind = self.parent.kind if self.parent else None
        if parent_kind not in self.ALLOWED_PARENTS[self.kind]:
            raise ValidationError(
                {
                    "parent": _("A %(kind)s cannot sit under this organization.")
                    % {"kind": self.get_kind_display()}
                }
            )
        if self.pk and self.parent and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("An organization cannot sit under itself.")})
        _check_order(self, "committee_term_start", "committee_term_end")
        _check_order(self, "contract_start", "contract_end")

    def term_end_warning(self, today=None):
        """'overdue' once the committee term has ended, 'soon' within the warning window."""
        if not self.committee_term_end:
            return None
        today = today or timezone.localdate()
        if self.committee_term_end < today:
            return "overdue"
        if self.committee_term_end <= today + timedelta(days=settings.TERM_END_WARNING_DAYS):
            return "soon"
        return None


class LedgerRecord(Watched):
    """A record of a branch's ledger: its save, deletion or links raise the branch's ledger
    version (OrganizationQuerySet.ledger_changed). `ledger_branch_id` says which branch;
    a record kept under another (a plan's item, an item's step) overrides it."""

    class Meta:
        abstract = True

    @property
    def ledger_branch_id(self):
        return self.branch_id

    def changed(self):
        Organization.objects.filter(pk=self.ledger_branch_id).ledger_changed(self)


def _check_order(record, start_field, end_field):
    start, end = getattr(record, start_field), getattr(record, end_field)
    if start and end and end < start:
        raise ValidationError({end_field: _("The end cannot be before the start.")})


class PartnerOrganizationQuerySet(models.QuerySet["PartnerOrganization"]):
    def of_headquarters(self, organization: "Organization") -> Self:
        """The directory `organization` shares with every branch of its headquarters."""
        return self.filter(headquarters_id=organization.root_id)


class PartnerOrganization(Watched, TimeStamped):
    """An organization outside our tree that a branch runs joint activities with (共建单位).

    The directory belongs to a headquarters (the top of an organization tree): its branches
    share it, so a partner two of them work with is entered once, and nobody outside that
    headquarters sees its contacts.
    """

    headquarters = models.ForeignKey(
        Organization,
        verbose_name=_("headquarters"),
        on_delete=models.PROTECT,
        related_name="partner_directory",
        limit_choices_to={"parent": None},
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = PartnerOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["headquarters", "name"], name="partner_name_unique_per_headquarters"
            )
        ]

    def __str__(self):
        return self.name

    def changed(self):
        """Its name is printed in the reports of the branches that work with it."""
        self._working_with().ledger_changed(self)

    @transaction.atomic
    def delete(self, *args, **kwargs):
        # Before: the links that name those branches go with it.
        self._working_with().ledger_changed(self)
        return models.Model.delete(self, *args, **kwargs)

    def _working_with(self):
        return Organization.objects.filter(
            models.Q(partners=self)
            | models.Q(meetings__partners=self)
            | models.Q(activities__partners=self)
        )


class PartyGroup(LedgerRecord, TimeStamped):
    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="party_groups",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    name = models.CharField(_("name"), max_length=50)
    leader = models.ForeignKey(
        "Member",
        verbose_name=_("group leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Compliance asks a group for its monthly meeting only from the month it was set up,
    # so a group added today leaves the months before it alone.
    formed_on = models.DateField(
        _("set up on"), default=timezone.localdate, validators=[dates.happened_in_history]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="unique_group_name_in_branch")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.leader and self.leader.branch_id != self.branch_id:
            raise ValidationError({"leader": _("The leader must be a member of this branch.")})
        if self.formed_on and self.formed_on > timezone.localdate():
            raise ValidationError({"formed_on": _("The date cannot be in the future.")})


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self) -> Self:
        return self.exclude(status=Member.Status.TRANSFERRED_OUT)

    def committee(self) -> Self:
        return self.active().exclude(committee_role="")

    def secretaries(self):
        """The 书记 and 副书记, who are reminded of the branch's deadlines and verifications."""
        roles = [Member.CommitteeRole.SECRETARY, Member.CommitteeRole.DEPUTY_SECRETARY]
        return self.active().filter(committee_role__in=roles)

    def offered(self, branch, *named):
        """The choice a form offers: the branch's active members, plus whoever the record
        already names (who may have left since), in roster order."""
        named_ids = [member.pk for member in named if member is not None]
        return (
            self.filter(branch=branch).active() | self.filter(pk__in=named_ids)
        ).in_roster_order()

    def in_roster_order(self) -> Self:
        """The committee first, secretary to committee member, then the rest by group."""
        rank = models.Case(
            *[
                models.When(committee_role=role, then=position)
                for position, role in enumerate(Member.CommitteeRole.values)
            ],
            default=len(Member.CommitteeRole.values),
        )
        return self.order_by(rank, "group__name", "name")


class Member(LedgerRecord, TimeStamped):
    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Status(models.TextChoices):
        FULL = "full", _("Full member")
        PROBATIONARY = "probationary", _("Probationary member")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")

    class CommitteeRole(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        ORGANIZATION = "organization", _("Organization officer")
        PROPAGANDA = "propaganda", _("Propaganda officer")
        DISCIPLINE = "discipline", _("Discipline inspection officer")
        COMMITTEE_MEMBER = "committee_member", _("Committee member")

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, validators=[dates.born])
    joined_on = models.DateField(
        _("joined the party on"), null=True, blank=True, validators=[dates.happened_in_history]
    )
    full_member_on = models.DateField(
        _("full member since"), null=True, blank=True, validators=[dates.happened_in_history]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FULL
    )
    committee_role = models.CharField(
        _("committee role"), max_length=20, choices=CommitteeRole.choices, blank=True
    )
    job = models.CharField(_("job on the project"), max_length=50, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 -]{5,20}$", _("Enter a phone number in digits."))],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    transferred_out_on = models.DateField(
        _("transferred out on"), null=True, blank=True, validators=[dates.happened_in_history]
    )
    transfer_note = models.CharField(_("transfer note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["branch", "name"]
        indexes = [models.Index(fields=["branch", "status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("overview:member", args=[self.pk])

    @property
    def is_active(self):
        return self.status != self.Status.TRANSFERRED_OUT

    @property
    def is_committee(self):
        return self.is_active and bool(self.committee_role)

    def clean(self):
        if self.group_id and self.group.branch_id != self.branch_id:
            raise ValidationError({"group": _("The party group must belong to the same branch.")})
        _check_order(self, "joined_on", "full_member_on")
        if self.birth_date and self.joined_on:
            age = dates.years_between(self.birth_date, self.joined_on)
            if age < dates.ADULT_AGE:
                raise ValidationError(
                    {
                        "joined_on": _(
                            "Members join the party at %(adult)s or older; with this birth "
                            "date he would have been %(age)s."
                        )
                        % {"adult": dates.ADULT_AGE, "age": max(age, 0)}
                    }
                )
        if self.status == self.Status.PROBATIONARY and self.full_member_on:
            raise ValidationError(
                {"full_member_on": _("A probationary member has no full-membership date yet.")}
            )
        if self.status == self.Status.PROBATIONARY and self.committee_role:
            raise ValidationError(
                {"committee_role": _("A probationary member cannot sit on the committee.")}
            )

    @transaction.atomic
    def transfer_out(self, on_date, note=""):
        """Members are never deleted: their attendance and records stay with the branch.

        The user account is set free (the history keeps the old link) so the person can
        be linked to his member record in the branch he moves to.
        """
        self.status = self.Status.TRANSFERRED_OUT
        self.committee_role = ""
        self.transferred_out_on = on_date
        self.transfer_note = note
        self.user = None
        self.save()
        for group in PartyGroup.objects.filter(leader=self):
            group.leader = None
            group.save()


class Officer(TimeStamped):
    """A headquarters officer: a user who sits on a 党委 or 党总支 and oversees its branches."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="officer",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="officers",
        limit_choices_to={
            "kind__in": [Organization.Kind.COMMITTEE, Organization.Kind.GENERAL_BRANCH]
        },
    )
    title = models.CharField(_("position"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("headquarters officer")
        verbose_name_plural = _("headquarters officers")

    def __str__(self):
        return f"{self.user} ({self.organization})"

    def clean(self):
        if self.organization_id and self.organization.is_branch:
            raise ValidationError(
                {"organization": _("An officer sits on a party committee or general branch.")}
            )
