"""白云's recent 专题组织生活会, dated from the day the demo is loaded: the checklist of
the problems it found (rectifications.demo) is the live one, with items in every status,
while the 2024 record stays complete and closed."""

from datetime import date, time, timedelta

from django.utils import timezone

from branches.demo import BAIYUN

from ..models import Attendance, Meeting
from .year import PLACES, YEAR

TOPIC = "专题组织生活会：对照党章党规查摆问题、明确整改措施"
HELD_DAYS_AGO = 50
AWAY = {"梁振华": (Attendance.Status.BUSINESS, "赴业主单位参加工程协调会")}


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
    meeting.save_edit(user=None, expected_version=None, attendance=attendance)
