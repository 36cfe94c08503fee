"""Recording meetings: who should attend, derived counts, quorum, uploads, edit conflicts."""

import datetime
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from activities.forms import MeetingForm
from activities.models import Attendance, Meeting
from attachments.models import Attachment
from attachments.uploads import PDF, CleanUpload
from branches.models import Member
from core.models import EditConflict

from .factories import MeetingFactory, MemberFactory, PartyGroupFactory, png_bytes

PRESENT, BUSINESS, OTHER = "present", "business", "other"


def _meeting_post(meeting_or_sheet, **fields):
    """A filled-in meeting form: everyone present unless `absent` says otherwise."""
    absent = fields.pop("absent", {})
    data = {"held_on": "2024-03-05", "starts_at": "09:00", "topic": "学习传达会议精神"}
    for member in meeting_or_sheet:
        status, note = absent.get(member, (PRESENT, ""))
        data[f"attendance-status_{member.pk}"] = status
        data[f"attendance-note_{member.pk}"] = note
    data.update(fields)
    return data


def test_who_should_attend_depends_on_the_kind(world):
    outsider = MemberFactory(branch=world.branch)  # in no group, not on the committee
    left = MemberFactory(branch=world.branch, status=Member.Status.TRANSFERRED_OUT)

    def expected(**kwargs):
        return set(Meeting(branch=world.branch, **kwargs).expected_attendees())

    everyone = {world.secretary, world.member, outsider}
    assert expected(kind=Meeting.Kind.GENERAL) == everyone
    assert expected(kind=Meeting.Kind.THEME_DAY) == everyone
    assert expected(kind=Meeting.Kind.COMMITTEE) == {world.secretary}
    assert expected(kind=Meeting.Kind.GROUP, group=world.group) == {world.secretary, world.member}
    talk = expected(kind=Meeting.Kind.TALK, host=world.secretary, interviewee=outsider)
    assert talk == {world.secretary, outsider}
    assert left not in expected(kind=Meeting.Kind.GENERAL)


def test_counts_and_rate_are_derived_from_attendance(world):
    others = MemberFactory.create_batch(2, branch=world.branch)
    meeting = MeetingFactory(branch=world.branch, kind=Meeting.Kind.GENERAL, absent=others[:1])
    assert (meeting.expected_count, meeting.present_count) == (4, 3)
    assert meeting.attendance_rate == 0.75


def test_quorum_counts_full_members_only(world):
    probationers = MemberFactory.create_batch(
        3, branch=world.branch, status=Member.Status.PROBATIONARY, full_member_on=None
    )
    full = MemberFactory.create_batch(2, branch=world.branch)  # 4 full members in all
    meeting = MeetingFactory(
        branch=world.branch, kind=Meeting.Kind.GENERAL, resolutions="决议", absent=full
    )
    # 2 of 4 full members present, however many probationary members came: not more than half.
    assert meeting.quorum() == (2, 4)
    assert meeting.lacks_quorum()
    meeting = MeetingFactory(
        branch=world.branch,
        kind=Meeting.Kind.GENERAL,
        resolutions="决议",
        absent=[full[0], *probationers],
    )
    assert meeting.quorum() == (3, 4) and not meeting.lacks_quorum()
    # Without decisions there is no quorum to meet.
    no_decisions = MeetingFactory(branch=world.branch, kind=Meeting.Kind.GENERAL, absent=full)
    assert no_decisions.quorum() is None and not no_decisions.lacks_quorum()


def test_quorum_takes_membership_as_it_was_on_the_meeting_day(world):
    # Full members since 2016 (the secretary and the member), and one who became full
    # only after the meeting: on that day he had no vote.
    later = MemberFactory(branch=world.branch, full_member_on=datetime.date(2024, 6, 1))
    meeting = MeetingFactory(
        branch=world.branch,
        kind=Meeting.Kind.GENERAL,
        held_on=datetime.date(2024, 3, 1),
        resolutions="决议",
        absent=[world.member],
    )
    assert meeting.quorum() == (1, 2)
    assert later.attendance.get(meeting=meeting).is_present


def test_secretary_records_a_committee_meeting_with_an_absentee_and_a_photo(login, world):
    deputy = MemberFactory(branch=world.branch, name="甲副书记", committee_role="deputy_secretary")
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee"
    sheet = client.get(url).context["sheet"]
    assert sheet.members == [world.secretary, deputy]
    photo = SimpleUploadedFile("会议照片.png", png_bytes(), content_type="image/png")
    data = _meeting_post(
        sheet.members,
        host=world.secretary.pk,
        minutes="研究部署三月份工作",
        absent={deputy: (BUSINESS, "赴广州办理验收手续")},
        uploads=photo,
        caption="支委会现场",
    )
    response = client.post(url, data)
    meeting = Meeting.objects.get(topic="学习传达会议精神")
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert (meeting.kind, meeting.expected_count, meeting.present_count) == ("committee", 2, 1)
    row = meeting.attendance.get(member=deputy)
    assert (row.status, row.note) == (BUSINESS, "赴广州办理验收手续")
    attachment = Attachment.objects.of(meeting).get()
    assert attachment.original_name == "会议照片.png" and attachment.caption == "支委会现场"
    # Stored under a name the server chose, not the uploader's.
    assert "会议照片" not in attachment.file.name and attachment.file.name.endswith(".png")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "甲副书记" in page and "公差" in page and "50%" in page


def test_an_absence_for_another_reason_needs_a_note(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee"
    response = client.post(
        url, _meeting_post([world.secretary], absent={world.secretary: (OTHER, "")})
    )
    assert response.status_code == 200
    assert "请说明" in response.content.decode()
    assert not Meeting.objects.filter(topic="学习传达会议精神").exists()


def test_a_talk_records_both_people_present(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=talk"
    response = client.post(
        url, _meeting_post([], host=world.secretary.pk, interviewee=world.member.pk)
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(kind="talk")
    assert set(meeting.attendance.values_list("member", "status")) == {
        (world.secretary.pk, PRESENT),
        (world.member.pk, PRESENT),
    }


def test_a_group_meeting_starts_from_the_groups_members(login, world):
    other_group = PartyGroupFactory(branch=world.branch, name="第二党小组")
    MemberFactory(branch=world.branch, group=other_group, name="乙组党员")
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk])
    chooser = client.get(url).content.decode()
    assert f"?kind=group&amp;group={other_group.pk}" in chooser
    sheet = client.get(url, {"kind": "group", "group": world.group.pk}).context["sheet"]
    assert set(sheet.members) == {world.secretary, world.member}
    # Another branch's group is not offered: the chooser comes back.
    foreign = PartyGroupFactory(branch=world.sibling)
    response = client.get(url, {"kind": "group", "group": foreign.pk})
    assert "sheet" not in response.context


def test_saving_a_general_meeting_without_quorum_warns(login, world):
    MemberFactory.create_batch(2, branch=world.branch)
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=general"
    members = client.get(url).context["sheet"].members
    absent = {member: (BUSINESS, "") for member in members[1:]}
    response = client.post(
        url, _meeting_post(members, resolutions="通过发展对象名单", absent=absent), follow=True
    )
    content = response.content.decode()
    assert "未达到" in content or "不足" in content
    assert Meeting.objects.get(kind="general").lacks_quorum()


def test_two_editors_do_not_overwrite_each_other(client, world, django_user_model):
    deputy_user = django_user_model.objects.create_user("deputy", password="x-Secret-123")
    MemberFactory(branch=world.branch, committee_role="deputy_secretary", user=deputy_user)
    meeting = world.meeting
    url = reverse("activities:meeting_edit", args=[meeting.pk])
    client.force_login(world.users["secretary"])
    members = client.get(url).context["sheet"].members
    # Both opened the form at version 1; the deputy saves first.
    first = _meeting_post(members, topic="副书记的修改", version=meeting.version)
    second = _meeting_post(members, topic="书记的修改", version=meeting.version)
    client.force_login(deputy_user)
    assert client.post(url, first).status_code == 302
    client.force_login(world.users["secretary"])
    photos_before = meeting.attachments.count()
    photo = SimpleUploadedFile("会场.png", png_bytes((30, 20)), content_type="image/png")
    response = client.post(url, {**second, "uploads": photo})
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.topic == "副书记的修改"
    (message,) = response.context["form"].non_field_errors()
    assert "deputy" in message and "保存" in message  # who saved in between, in Chinese
    assert 'value="书记的修改"' in response.content.decode()  # nothing typed is lost
    # The photo changes nothing the deputy wrote: it is kept, not to be chosen again.
    assert meeting.attachments.count() == photos_before + 1
    assert "无需重新选择" in message
    # Saving again, having seen the warning, keeps the secretary's version.
    again = dict(second, version=response.context["form"].data["version"])
    assert client.post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "书记的修改" and meeting.version == 3


def _meeting_form(meeting, **changes):
    """The meeting's form as its page fills it in, with `changes`."""
    unbound = MeetingForm(instance=meeting)
    data = {name: unbound[name].value() for name in unbound.fields}
    data = {name: value for name, value in data.items() if value is not None}
    form = MeetingForm({**data, **changes}, instance=meeting)
    assert form.is_valid(), form.errors
    return form


def test_a_stale_version_changes_nothing_not_even_attendance(world):
    first = _meeting_form(Meeting.objects.get(pk=world.meeting.pk), topic="先保存")
    stale = _meeting_form(Meeting.objects.get(pk=world.meeting.pk), topic="后保存")
    with transaction.atomic():
        first.save_claimed(None)
    with pytest.raises(EditConflict), transaction.atomic():
        stale.save_claimed(None, {world.secretary: (BUSINESS, "")})
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert meeting.topic == "先保存"
    assert meeting.attendance.get(member=world.secretary).status == PRESENT


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "不是照片"),
        ("scan.pdf", b"<html><script>alert(1)</script></html>", "不是照片"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "无法读取"),
    ],
)
def test_uploads_are_checked_by_content(login, world, name, content, message):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_edit", args=[world.meeting.pk])
    members = client.get(url).context["sheet"].members
    data = _meeting_post(
        members,
        topic="不该保存",
        version=world.meeting.version,
        uploads=SimpleUploadedFile(name, content, content_type="image/jpeg"),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.meeting.refresh_from_db()
    assert world.meeting.topic != "不该保存"
    assert Attachment.objects.count() == 1  # the world's own photo only


def test_uploads_are_size_limited(login, world, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_edit", args=[world.meeting.pk])
    members = client.get(url).context["sheet"].members
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2000, content_type="application/pdf")
    data = _meeting_post(members, version=world.meeting.version, uploads=big)
    response = client.post(url, data)
    assert response.status_code == 200 and "最大" in response.content.decode()
    assert Attachment.objects.count() == 1


def test_photos_lose_their_metadata(login, world):
    image = Image.new("RGB", (40, 30), "blue")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert b"SecretCam" in buffer.getvalue()
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_edit", args=[world.meeting.pk])
    members = client.get(url).context["sheet"].members
    photo = SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.post(url, _meeting_post(members, version=world.meeting.version, uploads=photo))
    stored = Attachment.objects.of(world.meeting).get(original_name="p.jpg")
    assert b"SecretCam" not in stored.file.read()


def test_attachments_are_served_only_to_those_who_see_the_meeting(client, world):
    url = world.photo.get_absolute_url()
    client.force_login(world.users["member"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    response = client.get(url + "?download=1")
    assert response["Content-Disposition"].startswith("attachment")
    for role in ("sibling_secretary", "sibling_member", "other_hq"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("hq", 403),
        ("sibling_secretary", 404),
        ("secretary", 302),
    ],
)
def test_only_the_committee_removes_attachments(client, world, role, status):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(reverse("attachments:delete", args=[world.photo.pk]))
    assert response.status_code == status
    assert Attachment.objects.filter(pk=world.photo.pk).exists() == (role != "secretary")
    if role == "secretary":
        assert response.url == world.meeting.get_absolute_url()


def test_meeting_list_filters_by_kind_period_and_topic(login, world):
    MeetingFactory(
        branch=world.branch,
        kind="theme_day",
        topic="七一主题党日",
        held_on=datetime.date(2024, 7, 1),
    )
    MeetingFactory(
        branch=world.branch, kind="committee", topic="七月支委会", held_on=datetime.date(2024, 7, 3)
    )
    client = login(world.users["member"])
    url = reverse("activities:meeting_list", args=[world.branch.pk])
    topics = lambda **query: [m.topic for m in client.get(url, query).context["page"]]  # noqa: E731
    assert topics(year=2024) == ["七月支委会", "七一主题党日"]
    assert topics(kind="theme_day") == ["七一主题党日"]
    assert topics(q="支委会") == ["甲支委会", "七月支委会"]  # 甲支委会 is today's
    assert topics(year=2024, month=7, kind="committee") == ["七月支委会"]
    assert topics(year=2024, quarter=3) == ["七月支委会", "七一主题党日"]
    assert topics(year=2024, quarter=2) == []


def test_a_year_the_list_cannot_filter_by_lists_nothing_and_says_so(login, world):
    world.branch.founded_on = datetime.date(2014, 7, 1)  # the years offered go back to it
    world.branch.save()
    MeetingFactory(branch=world.branch, topic="二〇一五年支委会", held_on=datetime.date(2015, 3, 2))
    client = login(world.secretary.user)
    url = reverse("activities:meeting_list", args=[world.branch.pk])
    response = client.get(url, {"year": 2015})
    assert [m.topic for m in response.context["page"]] == ["二〇一五年支委会"]
    response = client.get(url, {"year": 1999})
    assert list(response.context["page"]) == []
    assert "1999" in response.content.decode()  # the form says which value it refused
    assert response.context["filter"].form.errors["year"]
    export = client.get(
        reverse("activities:meeting_export", args=[world.branch.pk]), {"year": 1999}
    )
    assert load_workbook(BytesIO(export.content)).active.max_row == 1  # the header alone


def test_meeting_export_reads_back_as_a_ledger(login, world):
    absentee = MemberFactory(
        branch=world.branch, name="缺席党员", committee_role="committee_member"
    )
    MeetingFactory(
        branch=world.branch,
        kind="committee",
        topic='=HYPERLINK("http://evil")',
        host=world.secretary,
        held_on=datetime.date(2024, 5, 6),
        absent=[absentee],
    )
    client = login(world.users["hq"])
    response = client.get(
        reverse("activities:meeting_export", args=[world.branch.pk]), {"year": 2024}
    )
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "序号",
        "日期",
        "类型",
        "主题",
        "主持人",
        "应到",
        "实到",
        "参会率",
        "缺席人员（原因）",
    )
    number, day, kind, topic, host, expected, present, rate, absent = rows[1]
    assert (number, day.date(), kind, host) == (
        1,
        datetime.date(2024, 5, 6),
        "支部委员会会议",
        "甲书记",
    )
    assert (expected, present, rate, absent) == (2, 1, 0.5, "缺席党员（公差）")  # a number
    # Text that looks like a formula stays text.
    assert sheet.cell(row=2, column=4).data_type == "s" and topic.startswith("=HYPERLINK")
    assert len(rows) == 2


def test_member_sees_his_own_attendance_record(login, world):
    MeetingFactory(
        branch=world.branch,
        kind="general",
        topic="年中党员大会",
        held_on=datetime.date(2024, 6, 3),
        absent=[world.member],
    )
    MeetingFactory(
        branch=world.branch,
        kind="theme_day",
        topic="七一主题党日",
        held_on=datetime.date(2024, 7, 1),
    )
    client = login(world.users["member"])
    response = client.get(reverse("overview:member", args=[world.member.pk]), {"year": 2024})
    assert [row.meeting.topic for row in response.context["attendance"]] == [
        "七一主题党日",
        "年中党员大会",
    ]
    assert response.context["attendance_rate"] == 0.5
    assert str(Attendance.Status.BUSINESS.label) in response.content.decode()


def test_a_members_record_opens_on_his_latest_year_and_narrows_to_a_quarter(login, world):
    newcomer = MemberFactory(branch=world.branch)
    for topic, held_on in [("一季度党员大会", "2023-03-02"), ("二季度党员大会", "2023-05-09")]:
        meeting = MeetingFactory(branch=world.branch, kind="general", topic=topic, held_on=held_on)
        meeting.attendance.get_or_create(member=newcomer)
    client = login(world.users["secretary"])
    url = reverse("overview:member", args=[newcomer.pk])
    response = client.get(url)
    assert response.context["year"] == 2023
    assert len(response.context["attendance"]) == 2
    response = client.get(url, {"year": 2023, "quarter": 2})
    assert [row.meeting.topic for row in response.context["attendance"]] == ["二季度党员大会"]


@pytest.mark.parametrize(
    ("kind", "shown", "hidden"),
    [
        ("talk", ["interviewee"], ["recorder", "lecturer", "resolutions", "attendance-status"]),
        ("lecture", ["lecturer", "guest_lecturer", "attendance-status"], ["interviewee"]),
        ("general", ["resolutions", "attendance-status"], ["lecturer", "interviewee"]),
    ],
)
def test_the_form_asks_what_the_kind_needs(login, world, kind, shown, hidden):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk])
    content = client.get(url, {"kind": kind}).content.decode()
    for name in shown:
        assert f'name="{name}' in content
    for name in hidden:
        assert f'name="{name}' not in content


def test_bad_or_stray_group_parameters_are_ignored(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk])
    response = client.get(url, {"kind": "group", "group": "abc"})
    assert response.status_code == 200 and "sheet" not in response.context
    response = client.get(url, {"kind": "committee", "group": world.group.pk})
    assert response.context["meeting"].group is None


def test_a_meeting_cannot_be_recorded_before_it_is_held(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee"
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(url, _meeting_post([world.secretary], held_on=tomorrow.isoformat()))
    assert response.status_code == 200 and "会议召开后再登记" in response.content.decode()
    assert not Meeting.objects.filter(topic="学习传达会议精神").exists()


def test_huge_images_in_small_files_are_refused(login, world):
    buffer = BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, "PNG")  # 64 million pixels in a few kB
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_edit", args=[world.meeting.pk])
    members = client.get(url).context["sheet"].members
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = client.post(url, _meeting_post(members, version=world.meeting.version, uploads=bomb))
    # Refused as too large, naming its size (tests/test_uploads.py has the rest).
    assert response.status_code == 200 and "8000×8000" in response.content.decode()
    assert Attachment.objects.count() == 1


def test_attached_pdfs_open_sandboxed(client, world):
    upload = CleanUpload(ContentFile(b"%PDF-1.7\n%%EOF"), PDF, "minutes.pdf")
    pdf = Attachment.objects.attach(world.meeting, [upload], None)[0]
    client.force_login(world.users["member"])
    response = client.get(pdf.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert f'filename="minutes-{pdf.pk}.pdf"' in response["Content-Disposition"]
