"""A generated headquarters at the scale of DESIGN §8: one 党委 with its branches, members
in party groups, years of meetings with attendance in the frequencies of DESIGN §4,
activities, honours, study plans, posts, zones and teams with key nodes, and
rectification checklists with items in every status. The same seed and day give the
same data."""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from activities.models import Activity, Attendance, Honour, Meeting, StudyPlan, StudyPlanItem
from branches.models import Member, Officer, Organization, PartyGroup
from rectifications.models import Checklist, Item
from responsibilities.models import Milestone, Responsibility

from .writer import Writer

COMMITTEE = "规模测试集团党委"
PASSWORD = "Scale-bench-2024"  # noqa: S105 (generated benchmark accounts only)
ROLES = [role for role, _label in Member.CommitteeRole.choices][:5]
Kind, Status = Meeting.Kind, Attendance.Status
ABSENT = [Status.BUSINESS, Status.BUSINESS, Status.SICK, Status.PERSONAL, Status.OTHER]
ITEM_STATES = [Item.Status.OPEN, Item.Status.IN_PROGRESS, Item.Status.AWAITING]


@dataclass
class Sizes:
    branches: int = 500
    members: int = 22  # per branch
    groups: int = 2  # per branch
    years: int = 5
    items: int = 50_000  # in all
    secretaries: int = 20  # branches whose secretary gets an account
    seed: int = 1


class AlreadySeeded(Exception):
    pass


@transaction.atomic
def seed(sizes, today):
    if Organization.objects.filter(name=COMMITTEE).exists():
        raise AlreadySeeded(COMMITTEE)
    committee = Organization.objects.create(
        kind=Organization.Kind.COMMITTEE, name=COMMITTEE, short_name="规模党委"
    )
    writer = Writer()
    years = range(today.year - sizes.years + 1, today.year + 1)
    items_per_branch_year = max(1, sizes.items // (sizes.branches * sizes.years))
    accounts = []
    for number in range(1, sizes.branches + 1):
        rng = random.Random(sizes.seed * 1_000_003 + number)  # noqa: S311 (test data)
        branch = Branch(writer, rng, committee, number, sizes, today)
        for year in years:
            branch.year(year, items_per_branch_year)
        if number <= sizes.secretaries:
            accounts.append((f"scale_secretary_{number:03d}", branch.members[0]))
            accounts.append((f"scale_member_{number:03d}", branch.members[-1]))
    writer.finish()
    _accounts(committee, accounts)
    return writer.counts


def _accounts(committee, accounts):
    """An HQ officer and, for the first branches, a secretary and a member who log in."""
    users = get_user_model()
    password = make_password(PASSWORD)
    officer = users.objects.create(username="scale_hq", password=password, first_name="规模总部")
    Officer.objects.create(user=officer, organization=committee, title="党建工作部")
    for username, member_id in accounts:
        user = users.objects.create(username=username, password=password)
        Member.objects.filter(pk=member_id).update(user=user)


class Branch:
    """One generated branch: its people, then year by year its records."""

    def __init__(self, writer, rng, committee, number, sizes, today):
        self.writer, self.rng, self.today = writer, rng, today
        founded = date(today.year - sizes.years, rng.randint(1, 12), rng.randint(1, 28))
        self.id = writer.reserve(Organization)
        writer.add(
            Organization,
            # The committee's path and the branch's own id, as Organization.save sets it.
            path=f"{committee.path}{self.id}/",
            kind=Organization.Kind.BRANCH,
            name=f"第{number:03d}项目党支部",
            short_name=f"项目{number:03d}",
            parent_id=committee.pk,
            founded_on=founded,
            project_name=f"第{number:03d}号工程",
            project_location=rng.choice(["广州市", "深圳市", "江门市", "佛山市", "东莞市"]),
        )
        self.groups = [
            writer.add(PartyGroup, branch_id=self.id, name=f"第{g + 1}党小组")
            for g in range(sizes.groups)
        ]
        self.members, self.group_of = [], {}
        for index in range(sizes.members):
            probationary = index >= sizes.members - 2 and index >= len(ROLES)
            joined = date(rng.randint(1995, today.year - 2), rng.randint(1, 12), 1)
            member = writer.add(
                Member,
                branch_id=self.id,
                group_id=self.groups[index % sizes.groups],
                name=f"党员{number:03d}{index:02d}",
                gender=rng.choice(["male", "male", "female"]),
                joined_on=joined,
                full_member_on=None if probationary else joined + timedelta(days=365),
                status=Member.Status.PROBATIONARY if probationary else Member.Status.FULL,
                committee_role=ROLES[index] if index < len(ROLES) else "",
                job=rng.choice(["施工员", "技术员", "安全员", "质量员", "资料员"]),
            )
            self.members.append(member)
            self.group_of[member] = self.groups[index % sizes.groups]
        self.committee = self.members[: len(ROLES)]
        self._responsibilities()

    def _responsibilities(self):
        kinds = list(Responsibility.Kind.values)
        for index, kind in enumerate(kinds + kinds[:1]):
            responsibility = self.writer.add(
                Responsibility,
                branch_id=self.id,
                kind=kind,
                name=f"{Responsibility.Kind(kind).label}{index + 1}",
                starts_on=self.today.replace(month=1, day=1) - timedelta(days=365),
            )
            for member in self.rng.sample(self.members, 3):
                self.writer.add(
                    Responsibility.members.through,
                    responsibility_id=responsibility,
                    member_id=member,
                )
            for step in range(4):
                due = self.today + timedelta(days=self.rng.randint(-200, 200) + step * 30)
                done = due - timedelta(days=2) if due < self.today and step % 3 else None
                self.writer.add(
                    Milestone,
                    responsibility_id=responsibility,
                    title=f"关键节点{step + 1}",
                    due_on=due,
                    done_on=done,
                )

    def year(self, year, items):
        for month in range(1, 13):
            if date(year, month, 1) > self.today:
                break
            self._month(year, month)
        self._activities(year)
        self._checklist(year, items)

    def _month(self, year, month):
        meetings = [(Kind.COMMITTEE, self.committee, None), (Kind.THEME_DAY, self.members, None)]
        meetings += [
            (Kind.GROUP, [m for m in self.members if self.group_of[m] == group], group)
            for group in self.groups
        ]
        if month % 3 == 0:
            meetings += [(Kind.GENERAL, self.members, None), (Kind.LECTURE, self.members, None)]
        if month == 1:
            meetings += [
                (Kind.LIFE_MEETING, self.members, None),
                (Kind.APPRAISAL, self.members, None),
            ]
        for kind, attendees, group in meetings:
            if self.rng.random() < 0.03:
                continue  # a meeting the branch missed
            held_on = date(year, month, self.rng.randint(1, 28))
            if held_on > self.today:
                continue
            self._meeting(kind, held_on, attendees, group)

    def _meeting(self, kind, held_on, attendees, group):
        statuses = [
            Status.PRESENT if self.rng.random() > 0.07 else self.rng.choice(ABSENT)
            for _member in attendees
        ]
        meeting = self.writer.add(
            Meeting,
            branch_id=self.id,
            kind=kind,
            group_id=group,
            held_on=held_on,
            starts_at=time(19, 0),
            topic=f"{held_on:%Y年%m月}{Kind(kind).label}",
            host_id=self.committee[0],
            recorder_id=self.committee[2],
            lecturer_id=self.committee[0] if kind == Kind.LECTURE else None,
            expected_count=len(attendees),
            present_count=statuses.count(Status.PRESENT),
        )
        for member, status in zip(attendees, statuses, strict=True):
            self.writer.add(
                Attendance,
                meeting_id=meeting,
                member_id=member,
                status=status,
                note="赴业主单位协调" if status == Status.OTHER else "",
            )

    def _activities(self, year):
        last_day = min(date(year, 12, 31), self.today)
        plan = self.writer.add(StudyPlan, branch_id=self.id, year=year)
        for month in range(1, 13):
            self.writer.add(
                StudyPlanItem,
                plan_id=plan,
                month=month,
                topic=f"{month}月学习专题",
                form="group_study",
                owner_id=self.committee[3],
            )
        for index in range(6):
            held_on = date(year, 1, 1) + timedelta(days=self.rng.randint(0, 364))
            if held_on > last_day:
                continue
            kind = self.rng.choice(
                [Activity.Kind.VOLUNTEER, Activity.Kind.JOINT, Activity.Kind.SAFETY_CHECK]
            )
            self.writer.add(
                Activity,
                branch_id=self.id,
                kind=kind,
                title=f"{Activity.Kind(kind).label}{index + 1}",
                held_on=held_on,
                participant_count=self.rng.randint(5, 30),
                people_served=self.rng.randint(0, 200),
            )
        for index in range(3):
            awarded_on = date(year, 1, 1) + timedelta(days=self.rng.randint(0, 364))
            if awarded_on <= last_day:
                kind = self.rng.choice([Honour.Kind.LETTER, Honour.Kind.PATENT, Honour.Kind.PAPER])
                self.writer.add(
                    Honour,
                    branch_id=self.id,
                    kind=kind,
                    title=f"{Honour.Kind(kind).label}{index + 1}",
                    awarded_on=awarded_on,
                    quantity=self.rng.randint(1, 3),
                )

    def _checklist(self, year, count):
        starts_on = date(year, self.rng.randint(1, 6), 1)
        if starts_on > self.today:
            return
        checklist = self.writer.add(
            Checklist,
            branch_id=self.id,
            title=f"{year}年度安全检查隐患整改清单",
            source=Checklist.Source.SAFETY_CHECK,
            starts_on=starts_on,
        )
        for number in range(1, count + 1):
            found = min(starts_on + timedelta(days=self.rng.randint(0, 300)), self.today)
            deadline = found + timedelta(days=self.rng.randint(5, 30))
            recent = (self.today - found).days < 120
            status = self.rng.choice(ITEM_STATES) if recent else Item.Status.CLOSED
            self.writer.add(
                Item,
                checklist_id=checklist,
                branch_id=self.id,
                number=number,
                problem=f"隐患{number}",
                category=Item.Category.SAFETY,
                owner_id=self.rng.choice(self.members),
                found_on=found,
                deadline=deadline,
                status=status,
                closed_on=min(deadline, self.today) if status == Item.Status.CLOSED else None,
            )
