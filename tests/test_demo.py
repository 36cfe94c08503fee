import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse

from activities.compliance import Period, load_records
from activities.models import Activity, Attendance, Honour, Meeting, StudyPlanItem
from branches.demo import DEMO_PASSWORD
from branches.models import Member, Organization
from rectifications.models import Checklist, Item, Notification, Step
from responsibilities.models import Milestone, Responsibility

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (a load takes seconds) and rolled back after
    it; each test still runs in its own savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


DEMO_MODELS = (
    Organization,
    Member,
    Responsibility,
    Milestone,
    Meeting,
    Attendance,
    Activity,
    Honour,
    StudyPlanItem,
    Checklist,
    Item,
    Step,
    Notification,
)


def test_loading_twice_changes_nothing(demo):
    counts = [model.objects.count() for model in DEMO_MODELS]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == [model.objects.count() for model in DEMO_MODELS]


def test_baiyun_branch_holds_the_case_study_figures(demo):
    baiyun = Organization.objects.get(name="白云轨交项目党支部")
    assert baiyun.members.active().count() == 11
    assert (baiyun.founded_on.year, baiyun.founded_on.month) == (2022, 5)
    assert baiyun.project_location == "广州市白云区"
    assert (baiyun.land_area_m2, baiyun.floor_area_m2) == (13800, 61900)
    assert baiyun.parent.kind == Organization.Kind.COMMITTEE
    kinds = set(baiyun.responsibilities.values_list("kind", flat=True))
    assert kinds == set(Responsibility.Kind.values)


def test_huigang_branch_has_its_partner_and_a_term_ending_soon(demo):
    huigang = Organization.objects.get(name="会港大道项目部党支部")
    # The road bureau from the case study, and those its 2024 activities were held with.
    assert set(huigang.partners.values_list("name", flat=True)) == {
        "江门市市区公路局党总支部",
        "威东村村委会",
        "广东省广播电视网络股份有限公司江门分公司",
    }
    assert huigang.term_end_warning() == "soon"


@pytest.mark.parametrize("username", ["admin", "hq", "baiyun", "huigang", "baiyun_member"])
def test_demo_accounts_log_in_with_the_documented_password(demo, rf, username):
    request = rf.post("/accounts/login/")
    assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None


def test_baiyun_member_has_a_zone_a_post_and_a_key_node_ahead(demo):
    from django.utils import timezone

    member = Member.objects.get(user__username="baiyun_member")
    kinds = set(member.responsibilities.values_list("kind", flat=True))
    assert {Responsibility.Kind.RESPONSIBILITY_ZONE, Responsibility.Kind.PIONEER_POST} <= kinds
    assert (
        Milestone.objects.open()
        .filter(responsibility__members=member, due_on__gt=timezone.localdate())
        .exists()
    )


def test_baiyun_secretary_cannot_reach_huigang_records(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="baiyun"))
    huigang = Organization.objects.get(name="会港大道项目部党支部")
    member = huigang.members.first()
    zone = huigang.responsibilities.first()
    milestone = Milestone.objects.filter(responsibility__branch=huigang).first()
    for url in [
        reverse("branches:detail", args=[huigang.pk]),
        reverse("branches:member_list", args=[huigang.pk]),
        reverse("branches:member_detail", args=[member.pk]),
        reverse("branches:member_edit", args=[member.pk]),
        reverse("responsibilities:detail", args=[zone.pk]),
        reverse("responsibilities:milestone_done", args=[milestone.pk]),
    ]:
        assert client.get(url).status_code == 404, url


BAIYUN, HUIGANG = "白云轨交项目党支部", "会港大道项目部党支部"
AFTER_2024 = datetime.date(2025, 1, 15)


def _record_2024(name):
    branch = Organization.objects.get(name=name)
    return load_records([branch], 2024)[branch.pk]


def test_baiyun_met_every_2024_obligation(demo):
    record = _record_2024(BAIYUN)
    summary = record.summary(Period("year", 2024), today=AFTER_2024)
    assert (summary["missed"], summary["due"]) == (0, 0)


def test_huigang_missed_only_its_august_committee_meeting(demo):
    record = _record_2024(HUIGANG)
    assert record.summary(Period("year", 2024), today=AFTER_2024)["missed"] == 1
    statuses = record.month_statuses(AFTER_2024)
    assert [month for month, status in enumerate(statuses, 1) if status != "done"] == [8]
    assert statuses[7] == "missed"


def test_2024_meetings_have_plausible_attendance(demo):
    meetings = Meeting.objects.filter(held_on__year=2024)
    general = meetings.filter(kind=Meeting.Kind.GENERAL)
    assert general.exclude(resolutions="").exists()
    assert not any(meeting.lacks_quorum() for meeting in general)
    assert not Attendance.objects.filter(member__joined_on__gt=F("meeting__held_on")).exists()
    rows = Attendance.objects.filter(meeting__in=meetings.exclude(kind=Meeting.Kind.TALK))
    assert 0.04 < rows.exclude(status=Attendance.Status.PRESENT).count() / rows.count() < 0.09
    talks = Attendance.objects.filter(meeting__kind=Meeting.Kind.TALK)
    assert not talks.exclude(status=Attendance.Status.PRESENT).exists()


def test_baiyun_2024_activities_and_honours_match_the_case_study(demo):
    baiyun = Organization.objects.get(name=BAIYUN)
    assert baiyun.activities.filter(kind=Activity.Kind.VOLUNTEER).count() > 10
    kinds = set(baiyun.activities.values_list("kind", flat=True))
    assert {Activity.Kind.JOINT, Activity.Kind.STUDY_TRIP, Activity.Kind.VISIT} <= kinds
    counts = dict(
        baiyun.honours.filter(awarded_on__year=2024)
        .values_list("kind")
        .annotate(total=Sum("quantity"))
    )
    assert counts[Honour.Kind.PATENT] == 4
    assert counts[Honour.Kind.PAPER] == 6
    assert counts[Honour.Kind.LETTER] >= 4
    assert counts[Honour.Kind.BANNER] == 3
    assert counts[Honour.Kind.MEDAL] == 1
    qc = baiyun.honours.filter(kind=Honour.Kind.QC_RESULT, grade="二等奖")
    assert sorted(qc.values_list("level", flat=True)) == ["municipal", "provincial"]
    assert baiyun.honours.filter(kind=Honour.Kind.SCHEDULE_GAIN, days_gained=7).exists()
    assert baiyun.meetings.filter(kind=Meeting.Kind.LECTURE, topic__contains="双碳").exists()


def test_huigang_2024_has_its_joint_work_and_13_day_gain(demo):
    huigang = Organization.objects.get(name=HUIGANG)
    assert huigang.honours.filter(kind=Honour.Kind.SCHEDULE_GAIN, days_gained=13).exists()
    with_partner = huigang.activities.filter(partners__name="江门市市区公路局党总支部")
    assert set(with_partner.values_list("held_on", flat=True)) >= {
        datetime.date(2024, 7, 1),
        datetime.date(2024, 9, 19),
    }
    assert huigang.meetings.filter(kind=Meeting.Kind.LECTURE).exclude(guest_lecturer="").exists()


@pytest.mark.parametrize("name", [BAIYUN, HUIGANG])
def test_2024_study_plan_is_mostly_carried_out(demo, name):
    items = StudyPlanItem.objects.filter(plan__branch__name=name, plan__year=2024)
    fulfilled = [item.is_fulfilled for item in items.with_fulfilment()]
    assert 10 <= len(fulfilled) <= 12
    assert 1 <= fulfilled.count(False) <= 2


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_huigang_closed_all_30_hazards_of_its_2024_safety_checklist(demo, client):
    checklist = Checklist.objects.get(title="2024年度安全生产专项检查隐患整改清单")
    numbers = checklist.items.numbers()
    assert (numbers.found, numbers.closed, numbers.rate) == (30, 30, 1)
    client.force_login(_user("huigang"))
    page = client.get(checklist.get_absolute_url()).content.decode()
    assert "100%" in page and page.count("已销号") >= 30


def test_baiyun_life_meeting_checklist_has_every_status_and_one_overdue(demo):
    checklist = Checklist.objects.get(title="2023年度组织生活会查摆问题整改清单")
    assert checklist.meeting.kind == Meeting.Kind.LIFE_MEETING
    assert set(checklist.items.values_list("status", flat=True)) == set(Item.Status.values)
    assert checklist.items.overdue().count() == 1
    mine = checklist.items.get(owner__user__username="baiyun_member")
    assert mine.status == Item.Status.IN_PROGRESS and not mine.is_overdue()


def test_the_demo_users_can_take_their_steps(demo, client):
    checklist = Checklist.objects.get(title="2023年度组织生活会查摆问题整改清单")
    mine = checklist.items.get(owner__user__username="baiyun_member")
    client.force_login(_user("baiyun_member"))
    assert "submit" in dict(
        client.get(mine.get_absolute_url()).context["progress_form"].fields["move"].choices
    )
    awaiting = checklist.items.get(status=Item.Status.AWAITING)
    client.force_login(_user("baiyun"))
    choices = client.get(awaiting.get_absolute_url()).context["verify_form"].fields["move"].choices
    assert set(dict(choices)) == {"close", "send_back"}
    client.force_login(_user("hq"))
    rows = client.get(reverse("activities:board")).context["page"].object_list
    baiyun = next(row for row in rows if row["branch"].name == "白云轨交项目党支部")
    assert baiyun["overdue_items"] == 1
