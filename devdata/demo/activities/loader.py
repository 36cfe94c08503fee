"""Demo year 2024 for both demo branches: meetings with attendance, talks, activities,
study plans, honours and photos, written from the two case studies; and 白云's recent
组织生活会 of fifty days ago (recent.py).

The year is complete so the compliance board, the study-plan page and the honours list
have something real to show, with one deliberate gap: 会港 holds no 支委会 in August, so
the board shows one missed month. The case-study events of 会港 (2019) are carried over to
2024 with the anniversary adjusted (建国75周年).

Loading replaces each branch's 2024 records wholesale, so running it again changes
nothing; absences come from a fixed seed per branch, so every load gives the same year.
"""

import random
from datetime import date, time, timedelta
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from activities.models import Activity, Attendance, Honour, Meeting, StudyPlan
from attachments.models import Attachment
from branches.models import Member, PartnerOrganization
from devdata.demo.branches import BAIYUN, GROUPS, HUIGANG

from . import photos, recent
from .meetings import (
    COMMITTEE_AGENDA,
    COMMITTEE_MEETINGS,
    GROUP_RECORDERS,
    GROUP_STUDY,
    NEWCOMER_MINUTES,
    OTHER_MEETINGS,
    TALK_MINUTES,
    TALK_TOPIC,
    THEME_DAYS,
    YEAR_ROUND_TALK_MINUTES,
)
from .records import ACTIVITIES, HONOURS, PLAN_NOTES, STUDY_PLANS
from .year import PARTNERS, PLACES, YEAR

Kind = Meeting.Kind

# Weekday public holidays of 2024 (国务院办公厅通知), skipped when counting working days.
HOLIDAYS = {
    date(YEAR, month, day)
    for month, day in [
        (1, 1),
        (2, 12), (2, 13), (2, 14), (2, 15), (2, 16),
        (4, 4), (4, 5),
        (5, 1), (5, 2), (5, 3),
        (6, 10),
        (9, 16), (9, 17),
        (10, 1), (10, 2), (10, 3), (10, 4), (10, 7),
    ]
}  # fmt: skip

SEEDS = {BAIYUN["name"]: 202401, HUIGANG["name"]: 202402}


START_TIMES = {
    Meeting.Kind.COMMITTEE: time(19, 0),
    Meeting.Kind.THEME_DAY: time(15, 0),
    Meeting.Kind.GROUP: time(19, 30),
    Meeting.Kind.GENERAL: time(19, 0),
    Meeting.Kind.LECTURE: time(15, 0),
    Meeting.Kind.LIFE_MEETING: time(9, 0),
    Meeting.Kind.APPRAISAL: time(14, 30),
    Meeting.Kind.TALK: time(16, 0),
}

# Which working day of the month each regular meeting falls on: the 主题党日 is fixed on
# the first, as branches announce it; the party groups meet one after the other.
THEME_DAY_ON, COMMITTEE_ON, FIRST_GROUP_ON = 1, 3, 8

# The committee members talk with each other before the 组织生活会 of January, over these
# days; with the other members over the rest of the year, from this working day of each
# month on, after the party groups have met.
TALKS_FROM, TALK_DAYS = date(YEAR, 1, 15), 7
YEAR_ROUND_TALKS_FROM, YEAR_ROUND_TALK_ON = 2, 12
# Members who join during the year have their talks from a week after joining.
NEWCOMER_TALKS_AFTER = timedelta(days=7)

ABSENCE_RATE = 0.1  # of those free to be away: about 6 % of the rows outside talks
BUSINESS_SHARE = 0.75  # most absences are 公差
AWAY_ON_BUSINESS = {
    BAIYUN["name"]: [
        "赴广州市住建局办理验收手续",
        "赴业主单位参加工程协调会",
        "参加公司安全生产管理人员培训",
        "赴预制构件厂驻厂验货",
        "赴白云区质监站报送资料",
    ],
    HUIGANG["name"]: [
        "赴江门市住建局办理验收手续",
        "赴市自然资源局对接征地手续",
        "赴江门市市区公路局对接交通疏解方案",
        "参加公司项目管理培训",
        "赴预制梁场驻场检查",
    ],
}
ON_LEAVE = [
    (Attendance.Status.SICK, "发烧就医"),
    (Attendance.Status.SICK, "腰伤休养"),
    (Attendance.Status.PERSONAL, "家中老人住院陪护"),
    (Attendance.Status.PERSONAL, "回乡处理家事"),
]


def load(world):
    partners = {
        name: PartnerOrganization.objects.get_or_create(
            headquarters=world.committee, name=name, defaults={"description": description}
        )[0]
        for name, description in PARTNERS.items()
    }
    for name in (BAIYUN["name"], HUIGANG["name"]):
        with transaction.atomic():
            BranchYear(world, world.branches[name], partners).load()
    recent.load(world)


def _working_days(start, count):
    """The first `count` working days from `start` on."""
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def _working_day(month, number):
    return _working_days(date(YEAR, month, 1), number)[-1]


class BranchYear:
    """Everything one demo branch did in YEAR, loaded from the tables above."""

    def __init__(self, world, branch, partners):
        self.branch = branch
        self.people = {
            name: member
            for (branch_name, name), member in world.members.items()
            if branch_name == branch.name
        }
        self.partners = partners
        self.rng = random.Random(SEEDS[branch.name])  # noqa: S311 (demo data, not security)
        roles = {m.committee_role: m for m in self.people.values() if m.committee_role}
        self.secretary = roles[Member.CommitteeRole.SECRETARY]
        self.recorder = roles[Member.CommitteeRole.ORGANIZATION]
        self.plan_items = {}  # (meeting or activity kind, month) -> the item it carries out

    def load(self):
        self._clear()
        self._load_study_plan()
        self._load_monthly_meetings()
        self._load_other_meetings()
        self._load_talks()
        self._load_activities()
        self._load_honours()
        photos.load(self.branch, self.secretary.user)

    def _clear(self):
        self._clear_photos()
        # Meetings and activities first: they point at the plan items.
        self.branch.meetings.filter(held_on__year=YEAR).delete()
        self.branch.activities.filter(held_on__year=YEAR).delete()
        self.branch.honours.filter(awarded_on__year=YEAR).delete()
        self.branch.study_plans.filter(year=YEAR).delete()

    def _clear_photos(self):
        """The year's photos, and their files once the load is committed: deleting the
        records alone would leave a set of files behind on every load, and deleting the
        files before the commit would lose them if the load failed."""
        types = ContentType.objects.get_for_models(Meeting, Activity)
        for model, records in (
            (Meeting, self.branch.meetings.filter(held_on__year=YEAR)),
            (Activity, self.branch.activities.filter(held_on__year=YEAR)),
        ):
            attachments = Attachment.with_removed.filter(
                target_type=types[model], target_id__in=records.values("pk")
            )
            for attachment in attachments:
                transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))
                attachment.delete()

    def _load_study_plan(self):
        plan = StudyPlan.objects.create(branch=self.branch, year=YEAR, notes=PLAN_NOTES)
        for month, topic, form, owner, done_by in STUDY_PLANS[self.branch.name]:
            item = plan.items.create(month=month, topic=topic, form=form, owner=self.people[owner])
            if done_by:
                self.plan_items[(done_by, month)] = item

    def _load_monthly_meetings(self):
        name = self.branch.name
        groups = [self.branch.party_groups.get(name=group) for group in GROUPS[name]]
        for month in range(1, 13):
            topic, minutes, fields = THEME_DAYS[name][month - 1]
            self._meeting(
                Kind.THEME_DAY, _working_day(month, THEME_DAY_ON), topic, minutes=minutes, **fields
            )
            if month in COMMITTEE_MEETINGS[name]:
                topic, resolutions = COMMITTEE_MEETINGS[name][month]
                self._meeting(
                    Kind.COMMITTEE,
                    _working_day(month, COMMITTEE_ON),
                    topic,
                    agenda=COMMITTEE_AGENDA.format(topic=topic),
                    minutes=f"{self.secretary.name}同志主持。会议{topic}，与会支委逐项讨论，"
                    "形成一致意见。",
                    resolutions=resolutions,
                )
            for offset, (group, recorder) in enumerate(
                zip(groups, GROUP_RECORDERS[name], strict=True)
            ):
                study = GROUP_STUDY[month - 1]
                self._meeting(
                    Kind.GROUP,
                    _working_day(month, FIRST_GROUP_ON + offset),
                    study,
                    group=group,
                    host=group.leader,
                    recorder=self.people[recorder],
                    minutes=f"党小组长{group.leader.name}同志主持。本次学习：{study}。"
                    "组员结合岗位工作逐一交流体会，并对本组下阶段工作提出意见建议。",
                )

    def _load_other_meetings(self):
        for kind, held_on, topic, fields in OTHER_MEETINGS[self.branch.name]:
            fields = dict(fields)  # a copy: the table is read again on the next load
            if "lecturer" in fields:
                fields["lecturer"] = self.people[fields["lecturer"]]
            self._meeting(kind, held_on, topic, **fields)

    def _load_talks(self):
        """Each committee member with every other member, once in the year: the committee
        among themselves before January's 组织生活会, with the other members spread over
        the months after it, with members who join later soon after they join."""
        members = list(self.branch.members.active().in_roster_order())
        committee = [member for member in members if member.committee_role]
        among = [(host, other) for i, host in enumerate(committee) for other in committee[i + 1 :]]
        days = _working_days(TALKS_FROM, TALK_DAYS)
        for index, (host, other) in enumerate(among):
            slot = index // len(days)
            self._talk(host, other, days[index % len(days)], slot, TALK_MINUTES)
        year_round = [
            (host, other)
            for host in committee
            for other in members
            if other not in committee and other.joined_on < TALKS_FROM
        ]
        months = 13 - YEAR_ROUND_TALKS_FROM
        in_month = {}
        for index, (host, other) in enumerate(year_round):
            month = YEAR_ROUND_TALKS_FROM + index * months // len(year_round)
            nth = in_month[month] = in_month.get(month, -1) + 1
            day = _working_day(month, YEAR_ROUND_TALK_ON + nth)
            self._talk(host, other, day, 0, YEAR_ROUND_TALK_MINUTES)
        for newcomer in [other for other in members if other.joined_on >= TALKS_FROM]:
            days = _working_days(newcomer.joined_on + NEWCOMER_TALKS_AFTER, len(committee))
            for host, day in zip(committee, days, strict=True):
                self._talk(host, newcomer, day, 0, NEWCOMER_MINUTES)

    def _talk(self, host, other, day, slot, minutes):
        names = {"host": host.name, "other": other.name}
        self._meeting(
            Kind.TALK,
            day,
            TALK_TOPIC.format(**names),
            host=host,
            interviewee=other,
            recorder=None,
            starts_at=time(16 + slot // 2, 30 * (slot % 2)),
            minutes=minutes.format(**names),
        )

    def _meeting(self, kind, held_on, topic, partners=(), **fields):
        # The secretary chairs and the organization officer keeps the minutes, as the
        # branch does, unless the table says otherwise.
        fields = {
            "starts_at": START_TIMES[kind],
            "place": PLACES[self.branch.name],
            "host": self.secretary,
            "recorder": self.recorder,
            **fields,
        }
        meeting = Meeting(
            branch=self.branch,
            kind=kind,
            held_on=held_on,
            topic=topic,
            study_plan_item=self.plan_items.pop((kind, held_on.month), None),
            **fields,
        )
        meeting.save()
        meeting.record_attendance(self._attendance(meeting))
        if partners:
            self._with_partners(meeting, partners)

    def _attendance(self, meeting):
        """Everyone who had joined by then, now and then one away with a reason.

        Those running the meeting and a newcomer at the meeting that admits him always
        attend, talks have both people, and a general meeting that decides keeps more than
        half of its full members present.
        """
        attendees = [m for m in meeting.expected_attendees() if m.joined_on <= meeting.held_on]
        voters = sum(member.status == Member.Status.FULL for member in attendees)
        voters_present = voters
        decides = meeting.kind == Kind.GENERAL and bool(meeting.resolutions)
        running = {meeting.host_id, meeting.recorder_id, meeting.lecturer_id}
        sheet = {}
        for member in attendees:
            is_voter = member.status == Member.Status.FULL
            must_attend = (
                meeting.kind == Kind.TALK
                or member.pk in running
                or member.joined_on == meeting.held_on
                or (decides and is_voter and (voters_present - 1) * 2 <= voters)
            )
            if must_attend or self.rng.random() >= ABSENCE_RATE:
                sheet[member] = (Attendance.Status.PRESENT, "")
                continue
            if self.rng.random() < BUSINESS_SHARE:
                note = self.rng.choice(AWAY_ON_BUSINESS[self.branch.name])
                sheet[member] = (Attendance.Status.BUSINESS, note)
            else:
                sheet[member] = self.rng.choice(ON_LEAVE)
            if is_voter:
                voters_present -= 1
        return sheet

    def _load_activities(self):
        for kind, held_on, title, names, fields in ACTIVITIES[self.branch.name]:
            fields = dict(fields)  # a copy: the table is read again on the next load
            partners = fields.pop("partners", ())
            activity = Activity.objects.create(
                branch=self.branch,
                kind=kind,
                held_on=held_on,
                title=title,
                study_plan_item=self.plan_items.pop((kind, held_on.month), None),
                **fields,
            )
            activity.members.set([self.people[name] for name in names])
            if partners:
                self._with_partners(activity, partners)

    def _load_honours(self):
        for kind, awarded_on, title, names, fields in HONOURS[self.branch.name]:
            honour = Honour.objects.create(
                branch=self.branch, kind=kind, awarded_on=awarded_on, title=title, **fields
            )
            if names:
                honour.members.set([self.people[name] for name in names])

    def _with_partners(self, record, names):
        partners = [self.partners[name] for name in names]
        record.partners.set(partners)
        self.branch.partners.add(*partners)  # so the branch's forms offer them
