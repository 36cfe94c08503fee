"""The figures a branch's annual report prints, read from the ledger in a fixed number of
queries. Everything here is plain data (numbers, strings, dates), so the same figures
give the same digest, and any change to a record the report draws on changes it."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from activities.compliance import Status, load_records
from activities.models import Activity, ComplianceRule, Honour, Meeting, StudyPlanItem
from branches.models import Member
from core.periods import Period
from rectifications.models import Checklist, Item
from responsibilities.models import Milestone, Responsibility

YEAR = ComplianceRule.Frequency.YEAR
VOLUNTEERING = [Activity.Kind.VOLUNTEER, Activity.Kind.PRACTICAL_HELP, Activity.Kind.VISIT]


@dataclass
class Figures:
    branch: dict
    year: int
    members: dict
    held: dict  # meeting kind -> meetings held
    obligations: dict  # done / due / missed
    missed: list  # (month or period label, meeting kind) of missed obligations
    attendance_rate: float | None
    study: dict
    posts: dict
    nodes: dict
    as_of: date  # the day the rectification and key-node figures stand on
    safety: dict
    problems: dict
    volunteer: dict
    joint: dict
    honours: list  # (kind, level, grade, quantity)
    gains: list  # (title, days gained)
    meetings: list = field(default_factory=list)  # the meeting ledger rows, talks left out
    items: list = field(default_factory=list)  # the rectification ledger rows
    per_month: list = field(default_factory=list)  # (meetings, activities) for each month


def collect(branch, year, today=None):
    today = today or timezone.localdate()
    period = Period(YEAR, year)
    start, end = period.start, period.end
    # A past year's report tells how things stood on 31 December, so it reads the same
    # whenever it is rendered; this year's tells how they stand today.
    as_of = min(today, end)
    record = load_records([branch], year)[branch.pk]
    obligations = record.obligations(period, today)
    meetings = branch.meetings.of_year(year)
    # Talks are two people at a time, dozens a year: the ledger and the chart would
    # show little else, so they are counted in the prose instead.
    without_talks = meetings.exclude(kind=Meeting.Kind.TALK)
    activities = branch.activities.filter(held_on__year=year)
    return Figures(
        branch=_branch(branch),
        year=year,
        members=_members(branch, end),
        held=dict(meetings.order_by().values_list("kind").annotate(Count("pk"))),
        obligations=record.summary(period, today),
        missed=[(str(o.period), o.meeting_kind) for o in obligations if o.status == Status.MISSED],
        attendance_rate=record.attendance_rate(period),
        study=_study(branch, year, activities),
        posts=_posts(branch, start, end),
        nodes=_nodes(branch, start, end, as_of),
        as_of=as_of,
        safety=_rectification(branch, start, end, as_of, safety=True),
        problems=_rectification(branch, start, end, as_of, safety=False),
        volunteer=_volunteer(activities),
        joint=_joint(activities, meetings),
        honours=[
            (row["kind"], row["level"], row["grade"], row["quantity"])
            for row in branch.honours.filter(awarded_on__year=year)
            .exclude(kind=Honour.Kind.SCHEDULE_GAIN)
            .order_by("kind", "level", "grade")
            .values("kind", "level", "grade")
            .annotate(quantity=Sum("quantity"))
        ],
        gains=list(
            branch.honours.filter(awarded_on__year=year, kind=Honour.Kind.SCHEDULE_GAIN)
            .order_by("awarded_on", "pk")
            .values_list("title", "days_gained")
        ),
        meetings=_meeting_rows(without_talks),
        items=_item_rows(branch, start, end, as_of),
        per_month=_per_month(without_talks, activities),
    )


def _branch(branch):
    return {
        "name": branch.name,
        "display_name": branch.display_name,
        "founded_on": branch.founded_on,
        "project_name": branch.project_name,
        "project_location": branch.project_location,
        "land_area_m2": branch.land_area_m2,
        "floor_area_m2": branch.floor_area_m2,
        "project_summary": branch.project_summary,
    }


def _members(branch, end):
    """Members of the branch at the end of the year: joined by then, not yet gone."""
    on_roll = (
        Member.objects.filter(branch=branch)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
        .exclude(status=Member.Status.TRANSFERRED_OUT, transferred_out_on__lte=end)
    )
    full = Q(full_member_on__lte=end) | Q(full_member_on__isnull=True, status=Member.Status.FULL)
    return on_roll.aggregate(total=Count("pk"), full=Count("pk", filter=full))


def _study(branch, year, activities):
    items = StudyPlanItem.objects.filter(plan__branch=branch, plan__year=year).with_fulfilment()
    kinds = Counter(activities.values_list("kind", flat=True))
    return {
        "planned": len(items),
        "done": sum(1 for item in items if item.is_fulfilled),
        "study_trips": kinds[Activity.Kind.STUDY_TRIP],
        "invited_lectures": kinds[Activity.Kind.INVITED_LECTURE],
        "sessions": kinds[Activity.Kind.STUDY],
    }


def _in_year(start, end):
    """Posts, zones and teams that ran at some time in the year."""
    return (Q(starts_on__isnull=True) | Q(starts_on__lte=end)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )


def _posts(branch, start, end):
    running = branch.responsibilities.filter(_in_year(start, end))
    counts = dict(running.order_by().values_list("kind").annotate(Count("pk")))
    return {
        "counts": {kind: counts.get(kind, 0) for kind in Responsibility.Kind.values},
        "members": running.aggregate(members=Count("members", distinct=True))["members"],
    }


def _nodes(branch, start, end, as_of):
    """Key nodes due in the year, as they stood on `as_of`: one done after it was still
    open then."""
    nodes = Milestone.objects.filter(responsibility__branch=branch, due_on__range=(start, end))
    done = Q(done_on__lte=as_of)
    return nodes.aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=done & Q(done_on__lte=F("due_on"))),
        late=Count("pk", filter=done & Q(done_on__gt=F("due_on"))),
        open_late=Count("pk", filter=~done & Q(due_on__lt=as_of)),
    )


def _rectification(branch, start, end, as_of, safety):
    """Items found in the year, from safety checks or from every other source, as they
    stood on `as_of`."""
    sources = Q(checklist__source=Checklist.Source.SAFETY_CHECK)
    items = branch.rectification_items.found_between(start, end).filter(
        sources if safety else ~sources
    )
    numbers = items.numbers_on(as_of)
    figures = {
        "found": numbers.found,
        "closed": numbers.closed,
        "overdue": numbers.overdue,
        "rate": numbers.rate,
    }
    if safety:
        # A safety check also finds quality and other problems; the sentence names them.
        figures["only_hazards"] = not items.exclude(category=Item.Category.SAFETY).exists()
    return figures


def _volunteer(activities):
    rows = activities.filter(kind__in=VOLUNTEERING).prefetch_related("members")
    return {
        "count": len(rows),
        "participants": sum(activity.participants for activity in rows),
        "served": sum(activity.people_served or 0 for activity in rows),
        "hours": float(sum(activity.volunteer_hours or 0 for activity in rows)),
    }


def _joint(activities, meetings):
    """Activities and meetings held with partner organizations, and the partners, those
    worked with most often first."""
    with_partners = activities.filter(partners__isnull=False).distinct()
    times = Counter(activities.values_list("partners__name", flat=True))
    times.update(meetings.values_list("partners__name", flat=True))
    del times[None]  # records held without a partner
    return {
        "count": with_partners.count() + meetings.filter(partners__isnull=False).distinct().count(),
        "partners": sorted(times, key=lambda name: (-times[name], name)),
    }


def _meeting_rows(meetings):
    return [
        (
            meeting.held_on,
            meeting.get_kind_display(),
            meeting.topic,
            meeting.host.name if meeting.host else "",
            meeting.expected_count,
            meeting.present_count,
        )
        for meeting in meetings.select_related("host").order_by("held_on", "starts_at", "pk")
    ]


def _item_rows(branch, start, end, as_of):
    """The items found in the year, with their status and closing date on `as_of`."""
    items = (
        branch.rectification_items.found_between(start, end)
        .select_related("checklist", "owner")
        .prefetch_related("steps")
        .order_by("checklist__starts_on", "checklist", "number")
    )
    return [
        (
            item.checklist.title,
            item.number,
            item.problem,
            item.get_category_display(),
            item.owner.name,
            item.deadline,
            Item.Status(_status_on(item, as_of)).label,
            item.closed_on if item.closed_on and item.closed_on <= as_of else None,
        )
        for item in items
    ]


def _status_on(item, day):
    """The item's status at the end of `day`: its status now unless a step moved it
    later, else where its last step up to that day had left it."""
    steps = [(timezone.localdate(step.at), step.target) for step in item.steps.all()]
    if all(on <= day for on, _target in steps):
        return item.status
    earlier = [target for on, target in steps if on <= day]
    return earlier[-1] if earlier else Item.Status.OPEN


def _per_month(meetings, activities):
    def by_month(queryset):
        rows = queryset.annotate(month=ExtractMonth("held_on")).order_by().values("month")
        return dict(rows.annotate(count=Count("pk")).values_list("month", "count"))

    held, done = by_month(meetings), by_month(activities)
    return [(held.get(month, 0), done.get(month, 0)) for month in range(1, 13)]
