"""A generated headquarters at the scale of DESIGN §8: one 党委 with its branches, members
in party groups (and those who moved to other projects over the years), five full years
of meetings with attendance in the frequencies of DESIGN §4 and some 谈心谈话, activities,
honours, study plans, posts, zones and teams with key nodes, rectification checklists
with items in every status and their steps, the history the app would have written for
branches, meetings and items, and accounts for an HQ officer, every secretary and some
members. The same seed and day give the same data."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from activities import tallies
from activities.models import Activity, Attendance, Honour, Meeting, StudyPlan, StudyPlanItem
from branches.models import Member, Officer, Organization, PartyGroup
from rectifications.models import Checklist, Item, Step
from rectifications.models.items import MOVES
from responsibilities.models import Milestone, Responsibility

from .writer import Writer

COMMITTEE = "规模测试集团党委"
PASSWORD = "Scale-bench-2024"  # noqa: S105 (generated benchmark accounts only)
ROLES = Member.CommitteeRole.values[:5]  # secretary, deputy, organization, propaganda, discipline
Kind, Present = Meeting.Kind, Attendance.Status.PRESENT
ABSENCES = [
    (Attendance.Status.BUSINESS, "赴业主单位协调"),
    (Attendance.Status.BUSINESS, "参加公司安全培训"),
    (Attendance.Status.SICK, ""),
    (Attendance.Status.PERSONAL, ""),
    (Attendance.Status.OTHER, "夜间施工值班"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁"
GIVEN_NAMES = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超华平刚辉鹏波斌宇浩凯健俊峰"
THEMES = ["学习贯彻党的二十大精神", "安全生产月", "廉洁从业教育", "质量月", "志愿服务进社区"]
LIFE_MEETING_FINDINGS = 4  # problems each 组织生活会 puts on its checklist
EDITED_MEETINGS = 0.3  # the share whose minutes are typed in after the meeting is recorded
WEAK_BRANCHES, WEAK_SKIPS, USUAL_SKIPS = 0.05, 0.15, 0.01  # meetings a branch fails to hold
ITEM_STATES = [Item.Status.OPEN, Item.Status.IN_PROGRESS, Item.Status.AWAITING, Item.Status.CLOSED]
CONDUCT = [
    Item.Category.IDEOLOGY,
    Item.Category.CONDUCT,
    Item.Category.DISCIPLINE,
    Item.Category.ORGANIZATION,
]
CATEGORY_PROBLEMS = {
    Item.Category.SAFETY: "脚手架连墙件设置不足，临边防护栏杆缺失",
    Item.Category.QUALITY: "混凝土养护记录不全，部分构件表面有蜂窝麻面",
    Item.Category.IDEOLOGY: "理论学习不够深入，学用结合不紧密",
    Item.Category.CONDUCT: "深入施工一线调研不够，解决职工急难愁盼问题不及时",
    Item.Category.DISCIPLINE: "廉洁风险点排查不够全面",
    Item.Category.ORGANIZATION: "党员发展计划执行不到位，谈心谈话记录不完整",
}
# The historical models (django-simple-history) of the records whose history is written
# here, looked up once: every `Model.history` builds a new manager.
HistoricalOrganization, HistoricalMeeting, HistoricalItem = (
    model.history.model for model in (Organization, Meeting, Item)
)
STEP_NOTES = {
    "start": "",
    "report": "已落实部分整改措施，正在推进中。",
    "submit": "整改已完成，现场复查合格，照片已上传。",
    "send_back": "现场复查仍有遗留问题，请继续整改。",
    "close": "经现场验收，整改到位，同意销号。",
}


@dataclass
class Sizes:
    branches: int = 500
    members: int = 20  # per branch today, in its party groups
    transferred: int = 10  # per branch: members who moved to another project over the years
    groups: int = 2  # per branch
    years: int = 5  # full years of records before this month, and this month so far
    talks: int = 10  # 谈心谈话 per branch and year
    items: int = 100  # rectification items per branch (50,000 in all)
    member_accounts: int = 20  # branches where a member logs in, besides the secretary
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
    password = make_password(PASSWORD)  # hashed once: hashing 500 times would take minutes
    officer = writer.add(
        get_user_model(), username="scale_hq", password=password, first_name="总部"
    )
    writer.add(Officer, user_id=officer, organization_id=committee.pk, title="党建工作部")
    start = date(today.year - sizes.years, today.month, 1)
    for number in range(1, sizes.branches + 1):
        rng = random.Random(sizes.seed * 1_000_003 + number)  # noqa: S311 (test data)
        Branch(writer, rng, committee, number, sizes, start, today, password).generate()
    writer.finish()
    # Written past the models' save(): the board's counts are made here, as the app would.
    tallies.count(Organization.objects.within(committee), range(start.year, today.year + 1))
    return writer.counts


@dataclass
class Person:
    """A generated member, as the seeder needs him: when he was there and his account."""

    id: int
    name: str
    group: int
    role: str
    joined: date
    left: date | None = None
    user: int | None = None

    def is_there(self, day):
        return self.joined <= day and (self.left is None or day < self.left)


class Branch:
    """One generated branch: its people, then month by month and year by year its records."""

    def __init__(self, writer, rng, committee, number, sizes, start, today, password):
        self.writer, self.rng, self.sizes = writer, rng, sizes
        self.number, self.start, self.today, self.password = number, start, today, password
        self.skip_rate = WEAK_SKIPS if rng.random() < WEAK_BRANCHES else USUAL_SKIPS
        self.id = writer.reserve(Organization)
        branch = {
            # The committee's path and the branch's own id, as Organization.save sets it.
            "path": f"{committee.path}{self.id}/",
            "kind": Organization.Kind.BRANCH,
            "name": f"第{number:03d}项目党支部",
            "short_name": f"项目{number:03d}",
            "parent_id": committee.pk,
            "founded_on": start,
            "project_name": f"第{number:03d}号工程",
            "project_location": rng.choice(["广州市", "深圳市", "江门市", "佛山市", "东莞市"]),
            "created_at": self._at(start, 9),
            "updated_at": self._at(start, 9),
        }
        writer.add(Organization, **branch)
        writer.add(
            HistoricalOrganization,
            **branch,
            id=self.id,
            history_date=branch["created_at"],
            history_type="+",
        )
        # Set up when the branch was founded, so compliance asks each for every month.
        self.groups = [
            writer.add(PartyGroup, branch_id=self.id, name=f"第{g + 1}党小组", formed_on=start)
            for g in range(sizes.groups)
        ]
        self.names = set()
        self.people = [self._person(index) for index in range(sizes.members)]
        self.committee = self.people[: len(ROLES)]
        self.secretary = self.committee[0]
        self.account_member = self.people[len(ROLES)]
        for index in range(sizes.transferred):
            self._transferred(index)

    def generate(self):
        self._responsibilities()
        life_meetings = []
        year, month = self.start.year, self.start.month
        for _month in range(self.sizes.years * 12 + 1):  # the current month so far included
            life_meetings += self._month(year, month)
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        for year in range(self.start.year, self.today.year + 1):
            self._study_plan(year)
            self._activities(year)
            self._talks(year)
        self._rectification(life_meetings)

    # --- people -------------------------------------------------------------------------

    def _name(self):
        """A Chinese name no one else in the branch has."""
        while True:
            name = self.rng.choice(SURNAMES) + "".join(
                self.rng.sample(GIVEN_NAMES, self.rng.choice([1, 2]))
            )
            if name not in self.names:
                self.names.add(name)
                return name

    def _username(self, index):
        """Every secretary logs in, and in the first branches one member too."""
        if index == 0:
            return f"scale_secretary_{self.number:03d}"
        if index == len(ROLES) and self.number <= self.sizes.member_accounts:
            return f"scale_member_{self.number:03d}"
        return None

    def _person(self, index):
        role = ROLES[index] if index < len(ROLES) else ""
        probationary = not role and index >= self.sizes.members - 2
        if probationary:  # admitted within the last year: at meetings from then on
            joined = self.today - timedelta(days=self.rng.randint(30, 330))
        else:
            joined = date(self.rng.randint(1995, self.start.year - 1), self.rng.randint(1, 12), 1)
        person = Person(
            id=self.writer.reserve(Member),
            name=self._name(),
            group=self.groups[index % len(self.groups)],
            role=role,
            joined=joined,
        )
        username = self._username(index)
        if username:
            person.user = self.writer.add(
                get_user_model(), username=username, password=self.password, first_name=person.name
            )
        self._member(
            person,
            full_member_on=None if probationary else joined + timedelta(days=365),
            status=Member.Status.PROBATIONARY if probationary else Member.Status.FULL,
        )
        return person

    def _transferred(self, index):
        """A member who moved to another project on a day within the years generated."""
        days = (self.today - self.start).days
        joined = date(self.rng.randint(1995, self.start.year - 1), self.rng.randint(1, 12), 1)
        person = Person(
            id=self.writer.reserve(Member),
            name=self._name(),
            group=self.groups[index % len(self.groups)],
            role="",
            joined=joined,
            left=self.start + timedelta(days=self.rng.randint(30, days - 1)),
        )
        self._member(
            person,
            full_member_on=joined + timedelta(days=365),
            status=Member.Status.TRANSFERRED_OUT,
            transferred_out_on=person.left,
            transfer_note=f"调往第{self.rng.randint(501, 900)}号工程项目部",
        )
        self.people.append(person)

    def _member(self, person, **values):
        self.writer.add(
            Member,
            id=person.id,
            branch_id=self.id,
            group_id=person.group,
            name=person.name,
            gender=self.rng.choice(["male", "male", "female"]),
            joined_on=person.joined,
            committee_role=person.role,
            user_id=person.user,
            job=self.rng.choice(["项目经理", "施工员", "技术员", "安全员", "质量员", "资料员"]),
            **values,
        )

    def _current(self):
        return [person for person in self.people if person.left is None]

    def _at(self, day, hour):
        """When something was typed in: that day at `hour`, never later than now."""
        return min(timezone.make_aware(datetime.combine(day, time(hour))), self.writer.now)

    # --- meetings -----------------------------------------------------------------------

    def _month(self, year, month):
        """The month's meetings; returns the 组织生活会 held, whose findings become items."""
        everyone = self.people
        meetings = [(Kind.COMMITTEE, self.committee, None), (Kind.THEME_DAY, everyone, None)]
        meetings += [
            (Kind.GROUP, [p for p in everyone if p.group == group], group) for group in self.groups
        ]
        if month % 3 == 0:
            meetings += [(Kind.GENERAL, everyone, None), (Kind.LECTURE, everyone, None)]
        if month == 1:
            meetings += [(Kind.LIFE_MEETING, everyone, None), (Kind.APPRAISAL, everyone, None)]
        life_meetings = []
        for kind, invited, group in meetings:
            if self.rng.random() < self.skip_rate:
                continue  # a meeting the branch did not hold
            held_on = date(year, month, self.rng.randint(1, 28))
            if held_on > self.today:
                continue
            attendees = [person for person in invited if person.is_there(held_on)]
            meeting = self._meeting(kind, held_on, attendees, group)
            if kind == Kind.LIFE_MEETING:
                life_meetings.append((meeting, held_on))
        return life_meetings

    def _meeting(self, kind, held_on, attendees, group):
        statuses = [
            (Present, "") if self.rng.random() > 0.07 else self.rng.choice(ABSENCES)
            for _person in attendees
        ]
        present = sum(status == Present for status, _note in statuses)
        # The secretary chairs and the organization officer keeps the minutes, as a rule;
        # a party group's meeting is chaired and minuted by two of its own.
        host, recorder = self.secretary, self.committee[2]
        if kind == Kind.GROUP and len(attendees) >= 2:
            host, recorder = attendees[0], attendees[1]
        # The secretary gives two of the year's four 党课, the other committee members the rest.
        lecturer = None
        if kind == Kind.LECTURE:
            lecturer = (
                self.secretary if held_on.month in (3, 9) else self.rng.choice(self.committee[1:])
            )
        topic = self._topic(kind, held_on)
        minutes = (
            f"{host.name}主持会议，{recorder.name}记录。应到{len(attendees)}人，实到{present}人。"
            f"会议围绕“{topic}”进行了学习和讨论，与会党员结合项目当前施工任务交流发言，"
            f"提出意见建议{self.rng.randint(2, 6)}条，会议明确了下一步工作分工和完成时限。"
        )
        meeting = {
            "branch_id": self.id,
            "kind": kind,
            "group_id": group,
            "held_on": held_on,
            "starts_at": time(19, 0) if kind != Kind.THEME_DAY else time(9, 0),
            "place": "项目部党员活动室",
            "topic": topic,
            "host_id": host.id,
            "recorder_id": recorder.id,
            "lecturer_id": lecturer.id if lecturer else None,
            "lecturer_role": lecturer.role if lecturer else "",
            "agenda": f"1. 传达学习上级文件精神；2. {topic}；3. 研究部署下一阶段工作。",
            "minutes": minutes,
            "resolutions": (
                f"一、审议通过第{(held_on.month - 1) // 3 + 1}季度党建工作安排；"
                "二、同意按期接收预备党员转正申请。"
                if kind == Kind.GENERAL
                else ""
            ),
            "expected_count": len(attendees),
            "present_count": present,
        }
        meeting_id = self._recorded_meeting(meeting, held_on, before_edit={"minutes": ""})
        for person, (status, note) in zip(attendees, statuses, strict=True):
            self.writer.add(
                Attendance, meeting_id=meeting_id, member_id=person.id, status=status, note=note
            )
        return meeting_id

    def _day_of(self, year):
        """A day of `year` drawn at random, or None if it falls outside the generated span."""
        day = date(year, 1, 1) + timedelta(days=self.rng.randint(0, 364))
        return day if self.start <= day <= self.today else None

    def _talks(self, year):
        """谈心谈话: each committee member talks with a few members a year (a realistic
        share of the "everyone with everyone" of DESIGN §4, which few branches reach)."""
        for index in range(self.sizes.talks):
            held_on = self._day_of(year)
            if held_on is None:
                continue
            host = self.committee[index % len(self.committee)]
            others = [p for p in self.people if p is not host and p.is_there(held_on)]
            interviewee = self.rng.choice(others)
            talk = {
                "branch_id": self.id,
                "kind": Kind.TALK,
                "held_on": held_on,
                "starts_at": time(16, 0),
                "place": "项目部办公室",
                "topic": f"谈心谈话：{self.rng.choice(['思想动态', '工作困难', '家庭情况'])}",
                "host_id": host.id,
                "interviewee_id": interviewee.id,
                "minutes": f"{host.name}与{interviewee.name}谈心，了解思想和工作情况，"
                "帮助解决实际困难。",
                "expected_count": 2,
                "present_count": 2,
            }
            talk_id = self._recorded_meeting(talk, held_on)
            # Both people of a talk were there, as Meeting.record_attendance records it.
            for person in (host, interviewee):
                self.writer.add(Attendance, meeting_id=talk_id, member_id=person.id, status=Present)

    def _topic(self, kind, held_on):
        year, month = held_on.year, held_on.month
        return {
            Kind.COMMITTEE: f"研究{month}月党建工作和项目重点任务",
            Kind.THEME_DAY: f"{month}月主题党日：{self.rng.choice(THEMES)}",
            Kind.GROUP: f"{month}月党小组学习：{self.rng.choice(THEMES)}",
            Kind.GENERAL: f"{year}年第{(month - 1) // 3 + 1}季度支部党员大会",
            Kind.LECTURE: f"专题党课：{self.rng.choice(THEMES)}",
            Kind.LIFE_MEETING: f"{year - 1}年度组织生活会",
            Kind.APPRAISAL: f"{year - 1}年度民主评议党员",
        }[kind]

    def _recorded_meeting(self, values, held_on, before_edit=None):
        """Write a meeting the secretary typed in on the day it was held, with its
        history: the creation and, for some, an edit a few days later; `before_edit`
        are the values it had until then (None: never edited)."""
        created = self._at(held_on, 21)
        edited = self._at(held_on + timedelta(days=self.rng.randint(1, 3)), 10)
        is_edited = (
            before_edit is not None and edited > created and self.rng.random() < EDITED_MEETINGS
        )
        values = {
            **values,
            "version": 2 if is_edited else 1,
            "updated_by_id": self.secretary.user,
            "created_at": created,
            "updated_at": edited if is_edited else created,
        }
        meeting_id = self.writer.add(Meeting, **values)
        if is_edited:
            first = {**values, **before_edit, "version": 1, "updated_at": created}
            self._history(HistoricalMeeting, first, meeting_id, created, "+")
            self._history(HistoricalMeeting, values, meeting_id, edited, "~")
        else:
            self._history(HistoricalMeeting, values, meeting_id, created, "+")
        return meeting_id

    def _history(self, history, values, record_id, when, kind, user=None):
        self.writer.add(
            history,
            **values,
            id=record_id,
            history_date=when,
            history_type=kind,
            history_user_id=user or self.secretary.user,
        )

    # --- plans, activities, honours, responsibilities -----------------------------------

    def _study_plan(self, year):
        plan = self.writer.add(StudyPlan, branch_id=self.id, year=year)
        for month in range(1, 13):
            self.writer.add(
                StudyPlanItem,
                plan_id=plan,
                month=month,
                topic=f"{month}月学习专题：{self.rng.choice(THEMES)}",
                form=StudyPlanItem.Form.GROUP_STUDY,
                owner_id=self.committee[3].id,
                updated_by_id=self.secretary.user,
            )

    def _activities(self, year):
        for index in range(6):
            held_on = self._day_of(year)
            if held_on is None:
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
                updated_by_id=self.secretary.user,
            )
        for index in range(3):
            awarded_on = self._day_of(year)
            if awarded_on is None:
                continue
            kind = self.rng.choice([Honour.Kind.LETTER, Honour.Kind.PATENT, Honour.Kind.PAPER])
            self.writer.add(
                Honour,
                branch_id=self.id,
                kind=kind,
                title=f"{Honour.Kind(kind).label}{index + 1}",
                awarded_on=awarded_on,
                quantity=self.rng.randint(1, 3),
                updated_by_id=self.secretary.user,
            )

    def _responsibilities(self):
        kinds = list(Responsibility.Kind.values)
        current = self._current()
        for index, kind in enumerate(kinds + kinds[:1]):
            responsibility = self.writer.add(
                Responsibility,
                branch_id=self.id,
                kind=kind,
                name=f"{Responsibility.Kind(kind).label}{index + 1}",
                starts_on=self.today.replace(month=1, day=1) - timedelta(days=365),
            )
            others = [person for person in current if person is not self.account_member]
            assigned = self.rng.sample(others, 2)
            if index % 2 == 0:  # the member who logs in answers for every other one
                assigned.append(self.account_member)
            for person in assigned:
                self.writer.add(
                    Responsibility.members.through,
                    responsibility_id=responsibility,
                    member_id=person.id,
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
                    done_note="已按期完成" if done else "",
                    done_by_id=self.secretary.user if done else None,
                )

    # --- rectification ------------------------------------------------------------------

    def _rectification(self, life_meetings):
        """The branch's share of the items: each 组织生活会's findings on a checklist of
        their own, the rest found by safety checks through the years, one list a year."""
        total = self.sizes.items
        for meeting, held_on in life_meetings:
            if total < LIFE_MEETING_FINDINGS:
                break
            checklist = self._checklist(
                f"{held_on.year - 1}年度组织生活会查摆问题清单",
                Checklist.Source.LIFE_MEETING,
                held_on,
                meeting=meeting,
            )
            for number in range(1, LIFE_MEETING_FINDINGS + 1):
                self._item(checklist, number, held_on, self.rng.choice(CONDUCT), self.committee)
            total -= LIFE_MEETING_FINDINGS
        days = (self.today - self.start).days
        found_dates = sorted(
            self.start + timedelta(days=self.rng.randint(0, days)) for _item in range(total)
        )
        checklists, numbers = {}, {}
        for found in found_dates:
            if found.year not in checklists:
                checklists[found.year] = self._checklist(
                    f"{found.year}年度安全检查隐患整改清单",
                    Checklist.Source.SAFETY_CHECK,
                    max(date(found.year, 1, 1), self.start),
                )
            numbers[found.year] = numbers.get(found.year, 0) + 1
            category = self.rng.choice([Item.Category.SAFETY] * 3 + [Item.Category.QUALITY])
            self._item(checklists[found.year], numbers[found.year], found, category, None)

    def _checklist(self, title, source, starts_on, meeting=None):
        return self.writer.add(
            Checklist,
            branch_id=self.id,
            title=title,
            source=source,
            starts_on=starts_on,
            meeting_id=meeting,
            updated_by_id=self.secretary.user,
            created_at=self._at(starts_on, 17),
        )

    def _item(self, checklist, number, found, category, owners):
        """One item with the steps that brought it to its status, and their history."""
        owner = self._owner(owners)
        deadline = found + timedelta(days=self.rng.randint(7, 45))
        status = self._status(found, deadline)
        closed_on = None
        if status == Item.Status.CLOSED:
            closed_on = min(
                found + timedelta(days=self.rng.randint(2, (deadline - found).days + 10)),
                self.today,
            )
        moves = self._moves(status)
        created = self._at(found, 9)
        ended = self._at(closed_on, 16) if closed_on else self.writer.now
        # The steps spread from the finding to the closing, the last on the day closed, or
        # to now.
        share = len(moves) if closed_on else len(moves) + 1
        times = [created + (ended - created) * (n + 1) / share for n in range(len(moves))]
        item = {
            "checklist_id": checklist,
            "branch_id": self.id,
            "number": number,
            "problem": f"{CATEGORY_PROBLEMS[category]}（第{number}项）",
            "category": category,
            "owner_id": owner.id,
            "measures": "落实专人负责，制定整改措施，明确完成时限，整改后拍照留存。",
            "found_on": found,
            "deadline": deadline,
            "status": Item.Status.OPEN,
            "updated_by_id": self.secretary.user,
            "created_at": created,
            "updated_at": created,
        }
        item_id = self.writer.reserve(Item)
        self._history(HistoricalItem, item, item_id, created, "+")
        for name, at in zip(moves, times, strict=True):
            move = MOVES[name]
            # The secretary verifies, and records the progress of owners who do not log in.
            by = self.secretary.user if move.verifies else owner.user or self.secretary.user
            self.writer.add(
                Step,
                item_id=item_id,
                move=name,
                source=move.source,
                target=move.target,
                note=STEP_NOTES[name],
                by_id=by,
                at=at,
            )
            # A step changes the status and nothing else (Item.move): not the edit version.
            item.update(status=move.target, updated_at=at)
            if move.target == Item.Status.CLOSED:
                item.update(closed_on=closed_on, verified_by_id=by)
            self._history(HistoricalItem, item, item_id, at, "~", user=by)
        self.writer.add(Item, **item, id=item_id)

    def _owner(self, owners):
        """Who answers for an item: the member who logs in for a fifth of them, so his
        task page has some; otherwise anyone of the branch today (or of `owners`)."""
        if self.rng.random() < 0.2:
            return self.account_member
        return self.rng.choice(owners or self._current())

    def _status(self, found, deadline):
        if deadline >= self.today:
            return self.rng.choice(ITEM_STATES + [Item.Status.IN_PROGRESS])
        # Past the deadline: closed, but a quarter of this half-year's and a few older
        # ones are still open, overdue.
        still_open = 0.25 if (self.today - found).days < 180 else 0.03
        if self.rng.random() < still_open:
            return self.rng.choice(ITEM_STATES[:3])
        return Item.Status.CLOSED

    def _moves(self, status):
        """The steps, in order, that took a new item to `status` (rectifications.MOVES)."""
        if status == Item.Status.OPEN:
            return []
        reports = ["report"] * self.rng.randint(0, 2)
        if status == Item.Status.IN_PROGRESS:
            return ["start", *reports]
        if status == Item.Status.AWAITING:
            return ["start", *reports, "submit"]
        sent_back = ["send_back", "submit"] if self.rng.random() < 0.15 else []
        return ["start", *reports, "submit", *sent_back, "close"]
