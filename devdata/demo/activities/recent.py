"""白云's recent 专题组织生活会, dated from the day the demo is loaded: the checklist of
the problems it found (rectifications.demo) is the live one, with items in every status,
while the 2024 record stays complete and closed. And 白云's study plan of the current
year, which the meetings a secretary records today can fulfil."""

from datetime import date, time, timedelta

from django.utils import timezone

from activities.models import Attendance, Meeting, StudyPlan, StudyPlanItem
from devdata.demo.branches import BAIYUN

from .year import PLACES, YEAR

TOPIC = "专题组织生活会：对照党章党规查摆问题、明确整改措施"
HELD_DAYS_AGO = 50
AWAY = {"梁振华": (Attendance.Status.BUSINESS, "赴业主单位参加工程协调会")}
Form = StudyPlanItem.Form
THIS_YEARS_PLAN = [
    (1, "新年“开工第一课”：重温入党誓词", Form.GROUP_STUDY, "陈志刚"),
    (3, "书记讲党课：以高质量党建引领项目建设", Form.LECTURE, "陈志刚"),
    (5, "安全生产专题学习：落实“三管三必须”", Form.GROUP_STUDY, "吴建国"),
    (7, "“七一”主题党日：重温入党初心", Form.PRACTICE, "黄丽萍"),
    (9, "党纪学习教育专题研讨", Form.SEMINAR, "林海涛"),
    (11, "学习贯彻全会精神专题党课", Form.LECTURE, "周文博"),
]


def held_on(today):
    """Fifty days ago, on a weekday; in the first weeks of a year that is last year. Never
    in the demo's record year, whose ledger is complete as the case studies tell it."""
    day = today - timedelta(days=HELD_DAYS_AGO)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return max(day, date(YEAR + 1, 1, 1))


def life_meeting(branch):
    return branch.meetings.get(kind=Meeting.Kind.LIFE_MEETING, topic=TOPIC)


def load(world):
    branch = world.branches[BAIYUN["name"]]
    branch.meetings.filter(kind=Meeting.Kind.LIFE_MEETING, topic=TOPIC).delete()
    people = {member.name: member for member in branch.members.active()}
    meeting = Meeting(
        branch=branch,
        kind=Meeting.Kind.LIFE_MEETING,
        held_on=held_on(timezone.localdate()),
        topic=TOPIC,
        starts_at=time(9, 0),
        place=PLACES[branch.name],
        host=people["陈志刚"],
        recorder=people["黄丽萍"],
        agenda="1. 通报上次组织生活会查摆问题整改情况\n2. 支部书记代表支委会作对照检查\n"
        "3. 党员逐一对照检视，开展批评和自我批评\n4. 明确整改措施",
        minutes="陈志刚同志通报2023年度组织生活会查摆的9条问题已全部整改销号，并代表支委会"
        "作对照检查。党员逐一发言，开展批评和自我批评，共查摆问题6条，列出问题清单台账，"
        "明确责任人、整改措施和完成时限。",
        guests="公司党委督导组成员",
    )
    attendance = {
        member: AWAY.get(member.name, (Attendance.Status.PRESENT, ""))
        for member in meeting.expected_attendees()
    }
    meeting.save()
    meeting.record_attendance(attendance)
    _load_this_years_plan(branch, people, timezone.localdate().year)


def _load_this_years_plan(branch, people, year):
    if year == YEAR:
        return  # the record year has its plan from the case study
    plan, _created = StudyPlan.objects.update_or_create(
        branch=branch, year=year, defaults={"notes": "经本年1月支部党员大会审议通过。"}
    )
    plan.items.all().delete()
    for month, topic, form, owner in THIS_YEARS_PLAN:
        plan.items.create(month=month, topic=topic, form=form, owner=people[owner])
