"""Other activities, honours and the study plan, through the pages a secretary uses."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity, Attendance, Honour, Meeting, StudyPlan, StudyPlanItem
from attachments.models import Attachment
from branches.models import PartnerOrganization

from .factories import ActivityFactory, HonourFactory, MeetingFactory, StudyPlanItemFactory


def test_a_joint_volunteer_activity_with_a_partner(login, world):
    partner = PartnerOrganization.objects.create(
        headquarters=world.committee, name="江门市市区公路局党总支部"
    )
    world.branch.partners.add(partner)
    stranger = PartnerOrganization.objects.create(
        headquarters=world.other_branch.parent, name="另一公司的共建单位"
    )
    client = login(world.users["secretary"])
    form = client.get(reverse("activities:activity_create", args=[world.branch.pk])).context["form"]
    # Only the branch's own partners are offered.
    assert list(form.fields["partners"].queryset) == [partner]
    assert stranger.name not in str(form)
    response = client.post(
        reverse("activities:activity_create", args=[world.branch.pk]),
        {
            "kind": "joint",
            "title": "“三同”主题党日活动",
            "held_on": "2024-07-01",
            "partners": [partner.pk],
            "members": [world.secretary.pk, world.member.pk],
            "people_served": "120",
            "volunteer_hours": "6.5",
        },
    )
    activity = Activity.objects.get(title="“三同”主题党日活动")
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    assert list(activity.partners.all()) == [partner]
    # No participant count typed in: the members ticked are the participants.
    assert activity.participants == 2
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "江门市市区公路局党总支部" in page and "120" in page


def test_an_activity_must_not_end_before_it_starts(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("activities:activity_create", args=[world.branch.pk]),
        {"kind": "volunteer", "title": "倒序", "held_on": "2024-07-02", "ends_on": "2024-07-01"},
    )
    assert response.status_code == 200 and "结束" in response.content.decode()
    assert not Activity.objects.filter(title="倒序").exists()


def test_activity_export_counts_participants(login, world):
    ActivityFactory(
        branch=world.branch,
        title="核酸扫码志愿服务",
        participant_count=8,
        people_served=600,
        held_on=datetime.date(2024, 4, 2),
    )
    client = login(world.users["secretary"])
    response = client.get(
        reverse("activities:activity_export", args=[world.branch.pk]),
        {"kind": "volunteer", "year": 2024},
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "日期", "类型", "标题")
    assert rows[1][2:4] == ("志愿服务", "核酸扫码志愿服务") and rows[1][6:8] == (8, 600)
    assert len(rows) == 2


def test_honour_export_lists_the_filtered_honours_with_their_level(login, world):
    HonourFactory(
        branch=world.branch,
        kind="qc_result",
        title="QC成果",
        level="provincial",
        grade="二等奖",
        issuer="广东省质量协会",
        awarded_on=datetime.date(2024, 9, 1),
    )
    HonourFactory(branch=world.branch, title="二〇二三年的表扬信", awarded_on="2023-05-01")
    client = login(world.users["hq"])
    url = reverse("activities:honour_export", args=[world.branch.pk])
    response = client.get(url, {"year": 2024})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    titles = [row[3] for row in rows[1:]]
    assert rows[0][3:7] == ("标题", "级别", "等级", "颁发单位")
    assert "QC成果" in titles and "二〇二三年的表扬信" not in titles
    qc = next(row for row in rows[1:] if row[3] == "QC成果")
    assert qc[4:7] == ("省级", "二等奖", "广东省质量协会")


def test_honours_are_entered_as_the_case_study_writes_them(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:honour_create", args=[world.branch.pk])
    for title, kind, level, grade, quantity in [
        ("QC成果", "qc_result", "provincial", "二等奖", 1),
        ("实用新型专利", "patent", "", "实用新型", 4),
        ("表扬信", "letter", "district", "", 4),
    ]:
        response = client.post(
            url,
            {
                "kind": kind,
                "title": title,
                "level": level,
                "grade": grade,
                "awarded_on": "2024-10-01",
                "quantity": quantity,
            },
        )
        assert response.status_code == 302
    honour = Honour.objects.get(kind="qc_result")
    assert (honour.get_level_display(), honour.grade) == ("省级", "二等奖")
    response = client.get(reverse("activities:honour_list", args=[world.branch.pk]), {"year": 2024})
    assert ("专利", 4, "项") in [(str(k), n, str(u)) for k, n, u in response.context["totals"]]
    assert ("表扬信", 4, "篇") in [(str(k), n, str(u)) for k, n, u in response.context["totals"]]


def test_days_gained_belong_to_a_schedule_gain(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:honour_create", args=[world.branch.pk])
    base = {
        "title": "新老东海路连接工程提前13天完成",
        "awarded_on": "2024-11-01",
        "quantity": 1,
        "days_gained": 13,
    }
    response = client.post(url, {**base, "kind": "letter"})
    assert response.status_code == 200 and "工期提前" in response.content.decode()
    assert not Honour.objects.filter(days_gained=13).exists()
    assert client.post(url, {**base, "kind": "schedule_gain"}).status_code == 302
    assert Honour.objects.get(days_gained=13).kind == "schedule_gain"


def test_study_plan_shows_planned_against_done(login, world):
    plan = world.plan_item.plan
    done_by_meeting = StudyPlanItemFactory(plan=plan, month=4, topic="学习党章")
    done_by_activity = StudyPlanItemFactory(plan=plan, month=5, topic="参观红色教育基地")
    MeetingFactory(branch=world.branch, kind="lecture", study_plan_item=done_by_meeting)
    ActivityFactory(branch=world.branch, kind="study_trip", study_plan_item=done_by_activity)
    client = login(world.users["member"])
    response = client.get(reverse("activities:study_plan", args=[world.branch.pk, 2024]))
    assert (response.context["done"], response.context["planned"]) == (2, 3)
    assert "计划3项，已完成2项" in response.content.decode()


def test_first_plan_item_of_a_year_starts_the_plan(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:study_item_create", args=[world.branch.pk, 2025])
    response = client.post(
        url,
        {"month": 3, "topic": "学习全国两会精神", "form": "group_study", "owner": world.member.pk},
    )
    assert response.status_code == 302
    plan = StudyPlan.objects.get(branch=world.branch, year=2025)
    assert list(plan.items.values_list("topic", flat=True)) == ["学习全国两会精神"]
    # The owner must be one of the branch's members.
    response = client.post(
        url, {"month": 4, "topic": "越界", "form": "group_study", "owner": world.sibling_member.pk}
    )
    assert response.status_code == 200
    assert not StudyPlanItem.objects.filter(topic="越界").exists()


def test_a_year_out_of_range_is_not_found(login, world):
    client = login(world.users["secretary"])
    assert (
        client.get(reverse("activities:study_plan", args=[world.branch.pk, 99999])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "record", "model", "back_to"),
    [
        ("activities:meeting_delete", "meeting", Meeting, "activities:meeting_list"),
        ("activities:activity_delete", "activity", Activity, "activities:activity_list"),
        ("activities:honour_delete", "honour", Honour, "activities:honour_list"),
    ],
)
def test_the_secretary_deletes_a_record_and_its_history_keeps_it(
    login, world, name, record, model, back_to
):
    record = getattr(world, record)
    client = login(world.users["secretary"])
    url = reverse(name, args=[record.pk])
    assert str(record) in client.get(url).content.decode()  # asks first
    response = client.post(url)
    assert response.url == reverse(back_to, args=[world.branch.pk])
    assert not model.objects.filter(pk=record.pk).exists()
    deleted = model.history.filter(id=record.pk, history_type="-").get()
    assert deleted.history_user == world.users["secretary"]


def test_deleting_a_meeting_takes_its_attendance_and_attachments(login, world):
    meeting = world.meeting
    assert meeting.attendance.exists() and Attachment.objects.of(meeting).exists()
    login(world.users["secretary"]).post(reverse("activities:meeting_delete", args=[meeting.pk]))
    assert not Attendance.objects.filter(meeting_id=meeting.pk).exists()
    assert not Attachment.objects.filter(pk=world.photo.pk).exists()


def test_deleting_a_plan_item_keeps_the_meetings_that_fulfilled_it(login, world):
    meeting = MeetingFactory(branch=world.branch, study_plan_item=world.plan_item)
    client = login(world.users["secretary"])
    response = client.post(reverse("activities:study_item_delete", args=[world.plan_item.pk]))
    assert response.url == world.plan_item.plan.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.study_plan_item is None


@pytest.mark.parametrize(
    ("name", "record", "field", "data"),
    [
        (
            "activities:activity_edit",
            "activity",
            "title",
            {"kind": "volunteer", "held_on": "2024-03-05"},
        ),
        (
            "activities:honour_edit",
            "honour",
            "title",
            {"kind": "letter", "awarded_on": "2024-03-05", "quantity": 1},
        ),
        ("activities:study_item_edit", "plan_item", "topic", {"month": 4, "form": "lecture"}),
        (
            "rectifications:checklist_edit",
            "checklist",
            "title",
            {"source": "safety_check", "starts_on": "2024-03-05"},
        ),
    ],
)
def test_two_editors_of_a_record_do_not_overwrite_each_other(
    login, world, name, record, field, data
):
    record = getattr(world, record)
    url = reverse(name, args=[record.pk])
    client = login(world.users["secretary"])
    opened = record.version
    first = {**data, field: "先保存的标题", "version": opened}
    second = {**data, field: "后保存的标题", "version": opened}
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    assert "后保存的标题" in response.content.decode()  # kept in the form
    assert response.context["form"].non_field_errors()  # and the conflict said
    record.refresh_from_db()
    assert getattr(record, field) == "先保存的标题"
    # Saving again from the warning keeps the second version.
    again = {**second, "version": response.context["form"].data["version"]}
    assert client.post(url, again).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "后保存的标题" and record.version == opened + 2


def test_a_record_offers_the_study_plan_of_its_own_year(login, world):
    this_year = timezone.localdate().year
    current = StudyPlanItemFactory(
        plan__branch=world.branch, plan__year=this_year, topic="本年专题"
    )
    client = login(world.users["secretary"])
    for name, query in (
        ("activities:meeting_create", "?kind=committee"),
        ("activities:activity_create", ""),
    ):
        form = client.get(reverse(name, args=[world.branch.pk]) + query).context["form"]
        offered = list(form.fields["study_plan_item"].queryset)
        assert current in offered and world.plan_item not in offered  # 2024's is long past
    # A meeting of 2024 offers 2024's topics.
    old = MeetingFactory(branch=world.branch, held_on=datetime.date(2024, 3, 5))
    form = client.get(reverse("activities:meeting_edit", args=[old.pk])).context["form"]
    assert world.plan_item in form.fields["study_plan_item"].queryset
    # Dated last year, a new meeting cannot fulfil a topic of this year's plan.
    response = client.post(
        reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee",
        {
            "held_on": f"{this_year - 1}-12-30",
            "starts_at": "09:00",
            "topic": "年底支委会",
            "study_plan_item": current.pk,
            f"attendance-status_{world.secretary.pk}": "present",
        },
    )
    assert response.status_code == 200
    assert str(this_year) in str(response.context["form"].errors["study_plan_item"])
    assert not Meeting.objects.filter(topic="年底支委会").exists()
