from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from attachments.models import Attachment
from branches.models import LedgerRecord, Member, Organization, PartnerOrganization, PartyGroup
from core import dates
from core.models import DatedQuerySet, TimeStamped, Versioned


class MeetingQuerySet(DatedQuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def taking_attendance(self):
        """The meetings whose attendance says something (Meeting.Kind.takes_attendance)."""
        return self.exclude(kind__in=[kind for kind in Meeting.Kind if not kind.takes_attendance])


class Meeting(LedgerRecord, Versioned, TimeStamped):
    """A meeting of 三会一课, a 主题党日 and the other kinds of organizational life."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Branch general meeting")
        COMMITTEE = "committee", _("Branch committee meeting")
        GROUP = "group", _("Party group meeting")
        LECTURE = "lecture", _("Party lecture")
        THEME_DAY = "theme_day", _("Theme party day")
        LIFE_MEETING = "life_meeting", _("Organizational life meeting")
        APPRAISAL = "appraisal", _("Democratic appraisal of members")
        TALK = "talk", _("Heart-to-heart talk")

        @property
        def takes_attendance(self):
            """A heart-to-heart talk is two people, both there by definition: it has no
            attendance sheet and counts in no attendance rate. Decided here only."""
            return self is not type(self).TALK

    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="meetings",
        limit_choices_to={"kind": Organization.Kind.BRANCH},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    held_on = models.DateField(_("date"), validators=[dates.happened])
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    host = models.ForeignKey(
        Member,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorder = models.ForeignKey(
        Member,
        verbose_name=_("recorder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lecturer = models.ForeignKey(
        Member,
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The lecturer's committee role when the lecture was recorded, so that the yearly
    # "the secretary lectures" rule still counts last year's lectures after a new
    # secretary takes over. Set on save when the lecturer changes; an administrator may
    # correct it for lectures entered late.
    lecturer_role = models.CharField(
        _("lecturer's role"),
        max_length=20,
        choices=Member.CommitteeRole.choices,
        blank=True,
    )
    guest_lecturer = models.CharField(
        _("invited lecturer"),
        max_length=100,
        blank=True,
        help_text=_("A lecturer from outside the branch, e.g. a partner's secretary."),
    )
    interviewee = models.ForeignKey(
        Member,
        verbose_name=_("talked with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    resolutions = models.TextField(
        _("resolutions"), blank=True, help_text=_("Decisions taken, one per line.")
    )
    guests = models.TextField(
        _("guests"), blank=True, help_text=_("People attending who are not members, one per line.")
    )
    partners = models.ManyToManyField(
        PartnerOrganization,
        verbose_name=_("partner organizations"),
        blank=True,
        related_name="meetings",
    )
    study_plan_item = models.ForeignKey(
        "StudyPlanItem",
        verbose_name=_("study plan item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    # Derived from the attendance rows whenever they are saved; never typed.
    expected_count = models.PositiveIntegerField(_("expected"), default=0, editable=False)
    present_count = models.PositiveIntegerField(_("present"), default=0, editable=False)
    attachments = GenericRelation(
        Attachment, content_type_field="target_type", object_id_field="target_id"
    )
    history = HistoricalRecords(m2m_fields=[partners])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["branch", "held_on"]),
            models.Index(fields=["branch", "kind", "held_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {date_format(self.held_on)} {self.topic}"

    @classmethod
    def from_db(cls, db, field_names, values):
        meeting = super().from_db(db, field_names, values)
        meeting._stored_lecturer_id = meeting.__dict__.get("lecturer_id")
        meeting._stored_held_on = meeting.__dict__.get("held_on")
        return meeting

    def save(self, *args, **kwargs):
        if self.lecturer_id != getattr(self, "_stored_lecturer_id", None):
            self.lecturer_role = self.lecturer.committee_role if self.lecturer else ""
            self._stored_lecturer_id = self.lecturer_id
        super().save(*args, **kwargs)
        self._stored_held_on = self.held_on

    def counted_years(self) -> set[int]:
        """The years whose counts (activities.tallies) this meeting's write changes: the
        year it is held in, and the one it was held in before a move."""
        as_date = self._meta.get_field("held_on").to_python  # it may still be a string
        days = (self.held_on, getattr(self, "_stored_held_on", None))
        return {as_date(day).year for day in days if day is not None}

    def get_absolute_url(self):
        return reverse("activities:meeting_detail", args=[self.pk])

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("Record a meeting once it has been held.")})
        if self.kind != self.Kind.GROUP:
            self.group = None
        if self.kind == self.Kind.GROUP and not self.group_id:
            raise ValidationError({"group": _("A party group meeting needs its party group.")})
        if self.group_id and self.group.branch_id != self.branch_id:
            raise ValidationError({"group": _("The party group must belong to this branch.")})
        if self.kind == self.Kind.TALK:
            if not (self.host_id and self.interviewee_id):
                raise ValidationError(_("A heart-to-heart talk needs both people."))
            if self.host_id == self.interviewee_id:
                raise ValidationError({"interviewee": _("A talk takes two different people.")})
        for field in ("host", "recorder", "lecturer", "interviewee"):
            person = getattr(self, field)
            if person is not None and person.branch_id != self.branch_id:
                raise ValidationError({field: _("Choose a member of this branch.")})

    # --- attendance -------------------------------------------------------------------

    def expected_attendees(self):
        """Who should attend, by kind: the rows the attendance sheet starts from."""
        members = Member.objects.filter(branch=self.branch_id).active()
        if self.kind == self.Kind.COMMITTEE:
            return members.committee().in_roster_order()
        if self.kind == self.Kind.GROUP:
            return members.filter(group=self.group_id).in_roster_order()
        if self.kind == self.Kind.TALK:
            return members.filter(pk__in=[self.host_id, self.interviewee_id]).in_roster_order()
        return members.in_roster_order()

    @property
    def attendance_rate(self):
        if not self.expected_count:
            return None
        return self.present_count / self.expected_count

    def quorum(self):
        """For a 支部党员大会 that takes decisions: (full members present, full members).

        None when the rule does not apply. Probationary members have no vote, so they
        count neither way. Membership is taken as it was on the meeting's date, so a
        member who became full later does not change an old meeting's quorum.
        """
        if self.kind != self.Kind.GENERAL or not self.resolutions.strip():
            return None
        rows = self.attendance.filter(
            models.Q(member__full_member_on__lte=self.held_on)
            | models.Q(member__full_member_on__isnull=True, member__status=Member.Status.FULL)
        )
        return (rows.filter(status=Attendance.Status.PRESENT).count(), rows.count())

    def lacks_quorum(self):
        quorum = self.quorum()
        return quorum is not None and quorum[0] * 2 <= quorum[1]

    def quorum_warning(self):
        """The warning to show, or "" when the quorum is met or not needed."""
        quorum = self.quorum()
        if quorum is None or quorum[0] * 2 > quorum[1]:
            return ""
        return _(
            "Quorum not met: only %(present)s of %(full)s full members were present. "
            "Decisions of a branch general meeting need more than half of the full members."
        ) % {"present": quorum[0], "full": quorum[1]}

    @property
    def takes_attendance(self):
        return self.Kind(self.kind).takes_attendance

    def record_attendance(self, sheet=None):
        """Store the attendance sheet, each Member to (status, note), and recount 应到 and
        实到. A meeting that takes no attendance needs none: both people of a talk were
        there. Called by MeetingForm.save_claimed, in the transaction that saves."""
        if not self.takes_attendance:
            present = (Attendance.Status.PRESENT, "")
            sheet = {self.host: present, self.interviewee: present}
        if sheet is None:
            return
        existing = {row.member_id: row for row in self.attendance.all()}
        for member, (status, note) in sheet.items():
            row = existing.pop(member.pk, None) or Attendance(meeting=self, member=member)
            if row.pk is None or (row.status, row.note) != (status, note):
                row.status, row.note = status, note
                row.save()
        for row in existing.values():
            row.delete()
        self.recount_attendance()

    def recount_attendance(self):
        """Store 应到 and 实到 as the attendance rows say (also after an admin's fix)."""
        counts = self.attendance.aggregate(
            expected=models.Count("pk"),
            present=models.Count("pk", filter=models.Q(status=Attendance.Status.PRESENT)),
        )
        self.expected_count, self.present_count = counts["expected"], counts["present"]
        Meeting.objects.filter(pk=self.pk).update(
            expected_count=self.expected_count, present_count=self.present_count
        )
        self.changed()  # the month's attendance is counted from these


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        BUSINESS = "business", _("Absent: on business")
        SICK = "sick", _("Absent: sick leave")
        PERSONAL = "personal", _("Absent: personal leave")
        OTHER = "other", _("Absent: other reason")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(
        _("attendance"), max_length=20, choices=Status.choices, default=Status.PRESENT
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_row_per_attendee")
        ]
        indexes = [models.Index(fields=["member", "meeting"])]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"

    @property
    def is_present(self):
        return self.status == self.Status.PRESENT

    @property
    def reason(self):
        """The absence reason on its own (公差, 病假 …), for lists of absentees."""
        return ABSENCE_REASONS.get(self.status)


ABSENCE_REASONS = {
    Attendance.Status.BUSINESS: _("business"),
    Attendance.Status.SICK: _("sick leave"),
    Attendance.Status.PERSONAL: _("personal leave"),
    Attendance.Status.OTHER: _("other"),
}
