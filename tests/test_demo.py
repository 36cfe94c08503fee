import datetime
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Sum
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from activities.compliance import load_records
from activities.models import Activity, Attendance, Honour, Meeting, StudyPlanItem
from attachments.models import Attachment
from branches.models import Member, Organization
from core.periods import Period
from devdata.demo.activities.photos import report_captions
from devdata.demo.branches import DEMO_PASSWORD
from rectifications.models import Checklist, Item, Notification, Step
from reports import document
from reports.figures import collect
from reports.models import AnnualReport
from responsibilities.models import Milestone, Responsibility

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    """Each test looks for files where the module's demo load put its photos."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """The demo, loaded once for this module (a load takes seconds) and rolled back after
    it; each test still runs in its own savepoint inside."""
    media = override_settings(MEDIA_ROOT=demo_media)
    with django_db_blocker.unblock(), transaction.atomic(), media:
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
    Attachment,
    AnnualReport.photos.through,
)


def test_loading_twice_changes_nothing(demo, demo_media, django_capture_on_commit_callbacks):
    counts = [model.objects.count() for model in DEMO_MODELS]
    files = list(demo_media.rglob("*.jpg"))
    with django_capture_on_commit_callbacks() as deletions:
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == [model.objects.count() for model in DEMO_MODELS]
    # The photos are drawn again; the old files go once the load commits, so none pile
    # up on disk. (Not run here: this test's load is rolled back, the first one kept.)
    assert len(files) == len(deletions) == Attachment.objects.count()


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
        reverse("overview:branch", args=[huigang.pk]),
        reverse("branches:member_list", args=[huigang.pk]),
        reverse("overview:member", args=[member.pk]),
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


def test_a_meeting_recorded_today_can_fulfil_this_years_plan(demo, client):
    client.force_login(_user("baiyun"))
    branch = Organization.objects.get(name=BAIYUN)
    url = reverse("activities:meeting_create", args=[branch.pk]) + "?kind=theme_day"
    offered = client.get(url).context["form"].fields["study_plan_item"].queryset
    years = {item.plan.year for item in offered}
    assert timezone.localdate().year in years and 2024 not in years


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


LIVE_CHECKLIST = "专题组织生活会查摆问题整改清单"


def test_baiyun_live_checklist_is_recent_with_every_status_and_one_overdue(demo):
    checklist = Checklist.objects.get(title=LIVE_CHECKLIST)
    today = timezone.localdate()
    assert checklist.meeting.kind == Meeting.Kind.LIFE_MEETING
    assert today - datetime.timedelta(days=53) < checklist.meeting.held_on < today
    assert checklist.meeting.held_on.year > 2024
    assert checklist.meeting.expected_count == 11
    assert set(checklist.items.values_list("status", flat=True)) == set(Item.Status.values)
    assert checklist.items.overdue().count() == 1
    assert not checklist.items.filter(found_on__lt=checklist.meeting.held_on).exists()
    assert not Step.objects.filter(item__checklist=checklist, at__date__lt=F("item__found_on"))
    mine = checklist.items.get(owner__user__username="baiyun_member")
    assert mine.status == Item.Status.IN_PROGRESS and not mine.is_overdue()


@pytest.mark.parametrize("name", [BAIYUN, HUIGANG])
def test_the_2024_record_is_complete_and_closed(demo, name):
    items = Item.objects.filter(branch__name=name, found_on__year=2024)
    assert items.count() == {BAIYUN: 21, HUIGANG: 30}[name]
    assert not items.exclude(status=Item.Status.CLOSED).exists()
    assert not items.exclude(closed_on__year=2024).exists()
    life_meeting = Checklist.objects.filter(
        branch__name=name, title="2023年度组织生活会查摆问题整改清单"
    )
    assert life_meeting.exists() == (name == BAIYUN)


def test_the_demo_users_can_take_their_steps(demo, client):
    checklist = Checklist.objects.get(title=LIVE_CHECKLIST)
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
    rows = client.get(reverse("overview:board")).context["page"].object_list
    baiyun = next(row for row in rows if row["branch"].name == "白云轨交项目党支部")
    assert baiyun["overdue_items"] == 1


def _sub_sections(name):
    """The 2024 report's sub-sections (一)(二)(三) as HTML, each up to the next heading."""
    report = AnnualReport.objects.get(branch__name=name, year=2024)
    return [part.split("<h2>")[0] for part in document.html(report).split("<h3>")[1:4]]


def test_baiyun_2024_report_places_each_figure_as_the_case_study_does(demo):
    red, craft, welfare = _sub_sections(BAIYUN)
    assert "召开组织生活会1次" in red and "认真查摆问题9条，列出清单台账，已全部整改销号" in red
    assert "全年7个关键节点中，按期完成6个，延期完成1个。" in craft
    assert "省级二等奖QC成果1项" in craft and "专利4项" in craft and "论文6篇" in craft
    assert "缩短工期近一周" in craft and "发现安全隐患12条" in craft
    assert "表扬信4篇、锦旗3面、奖牌1块" in welfare
    assert "锦旗" not in craft and "QC成果" not in welfare and "志愿服务" not in craft


def test_huigang_2024_report_puts_the_hazards_under_its_safety_narrative(demo):
    joint, carriers, fortress = _sub_sections(HUIGANG)
    assert "开展党建共建联建活动" in joint
    assert joint.index("江门市市区公路局党总支部") < joint.index("威东村村委会")  # most often first
    assert "严格安全文明管理" in fortress
    assert "发现安全隐患30条，完成整改30条，整改率100%" in fortress
    assert "提前13天完成" in fortress and "关键节点" in fortress
    assert "扶贫济困" in carriers and "开展志愿服务" in carriers
    assert "隐患" not in joint + carriers
    figures = collect(Organization.objects.get(name=HUIGANG), 2024)
    assert figures.volunteer["count"] >= 5 and figures.volunteer["served"] > 300
    assert figures.safety["only_hazards"]  # all 30 are safety hazards, as the text says


@pytest.mark.parametrize("name", [BAIYUN, HUIGANG])
def test_the_2024_reports_read_the_same_whenever_they_are_rendered(demo, name):
    branch = Organization.objects.get(name=name)
    now, early_2025 = collect(branch, 2024), collect(branch, 2024, today=AFTER_2024)
    assert (now.problems, now.safety, now.nodes, now.items) == (
        early_2025.problems,
        early_2025.safety,
        early_2025.nodes,
        early_2025.items,
    )
    assert not now.problems["overdue"] and not now.nodes["open_late"]


@pytest.mark.parametrize("name", [BAIYUN, HUIGANG])
def test_talks_are_spread_over_the_year(demo, name):
    months = Counter(
        Meeting.objects.filter(
            branch__name=name, kind=Meeting.Kind.TALK, held_on__year=2024
        ).values_list("held_on__month", flat=True)
    )
    assert len(months) >= 10
    assert max(months.values()) <= sum(months.values()) / 3


@pytest.mark.parametrize(("name", "secretary", "outsider"), [
    (BAIYUN, "baiyun", "huigang"),
    (HUIGANG, "huigang", "baiyun"),
])  # fmt: skip
def test_the_2024_reports_show_photos_served_only_to_their_branch(
    demo, client, name, secretary, outsider
):
    report = AnnualReport.objects.get(branch__name=name, year=2024)
    photos = list(report.photos.all())
    assert [photo.caption for photo in photos] == report_captions(name)
    assert len(photos) >= 4
    html = document.html(report)
    for photo in photos:
        assert photo.target.held_on.year == 2024 and photo.mime_type == "image/jpeg"
        assert f'src="{photo.get_absolute_url()}"' in html
    client.force_login(_user(secretary))
    response = client.get(photos[0].get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    client.force_login(_user(outsider))
    assert client.get(photos[0].get_absolute_url()).status_code == 404


def test_the_2024_key_nodes_are_met_and_the_future_ones_kept(demo):
    nodes = Milestone.objects.filter(due_on__year=2024)
    assert nodes.count() == 10 and not nodes.filter(done_on__isnull=True).exists()
    late = nodes.filter(done_on__gt=F("due_on"))
    assert set(late.values_list("responsibility__branch__name", flat=True)) == {BAIYUN, HUIGANG}
    assert late.count() == 2
    gain = nodes.get(title="新老东海路连接工程完工")
    assert (gain.due_on - gain.done_on).days == 13  # 提前13天, as the honour has it
    assert Milestone.objects.filter(due_on__gt=timezone.localdate()).exists()


def test_hq_finds_the_2024_reports_when_the_list_opens(demo, client):
    client.force_login(_user("hq"))
    response = client.get(reverse("reports:index"))
    assert response.context["year"] == 2024
    rows = response.context["rows"]
    assert [(report.year, bool(report.pk)) for _branch, report, _state in rows] == [
        (2024, True),
        (2024, True),
    ]
