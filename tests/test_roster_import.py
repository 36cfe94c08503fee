from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from branches.models import Member

from .factories import MemberFactory

HEADER = [
    "姓名",
    "性别",
    "出生日期",
    "入党时间",
    "转正时间",
    "状态",
    "党小组",
    "支委职务",
    "项目岗位",
    "手机号码",
]


def _xlsx(rows):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "roster.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _upload(client, world, upload):
    return client.post(reverse("branches:member_import", args=[world.branch.pk]), {"file": upload})


def test_template_downloads_with_the_columns(login, world):
    client = login(world.users["secretary"])
    response = client.get(reverse("branches:import_template"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADER


def test_good_file_imports_every_row(login, world):
    client = login(world.users["secretary"])
    response = _upload(
        client,
        world,
        _xlsx(
            [
                [
                    "梁振华",
                    "男",
                    "1987-08-30",
                    "2012-07-01",
                    "2013-07-01",
                    "正式党员",
                    "第一党小组",
                    "",
                    "生产经理",
                    "13800000001",
                ],
                ["罗嘉欣", "女", None, "2024-12-10", None, "预备党员", "", "", "资料员", None],
                ["何晓东", "male", None, None, None, "full", None, "宣传委员", None, None],
            ]
        ),
    )
    assert response.status_code == 302
    imported = {
        m.name: m for m in world.branch.members.filter(name__in=["梁振华", "罗嘉欣", "何晓东"])
    }
    assert len(imported) == 3
    assert imported["梁振华"].group == world.group
    assert imported["罗嘉欣"].status == Member.Status.PROBATIONARY
    assert imported["何晓东"].committee_role == Member.CommitteeRole.PROPAGANDA


def test_file_with_bad_rows_saves_nothing_and_names_each_row(login, world):
    client = login(world.users["secretary"])
    count = Member.objects.count()
    response = _upload(
        client,
        world,
        _xlsx(
            [
                ["好人", "男", None, None, None, "正式党员", None, None, None, None],
                ["", "男", None, None, None, None, None, None, None, None],
                ["坏日期", "男", "not a date", None, None, None, None, None, None, None],
                ["无此组", "未知", None, None, None, None, "第九党小组", None, None, None],
            ]
        ),
    )
    assert response.status_code == 200
    assert Member.objects.count() == count
    errors = response.context["result"].errors
    # One problem a cell, by Excel row and column; an unknown gender is not also "required".
    assert [(error.row, error.column_letter, error.header) for error in errors] == [
        (3, "A", "姓名"),
        (4, "C", "出生日期"),
        (5, "B", "性别"),
        (5, "G", "党小组"),
    ]
    assert "未知" in errors[2].message and "第九党小组" in errors[3].message
    page = response.content.decode()
    with translation.override("zh-hans"):
        for error in errors:
            assert f"<li>{escape(str(error))}</li>" in page


def test_wrong_file_type_gets_a_clear_error(login, world):
    client = login(world.users["secretary"])
    count = Member.objects.count()
    response = _upload(
        client, world, SimpleUploadedFile("roster.xlsx", "姓名,性别\n张三,男\n".encode())
    )
    assert response.status_code == 200
    assert Member.objects.count() == count
    assert response.context["form"].errors["file"]


def test_empty_file_gets_a_clear_error(login, world):
    client = login(world.users["secretary"])
    response = _upload(client, world, _xlsx([]))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_template_holds_no_member_to_import_by_mistake(login, world):
    client = login(world.users["secretary"])
    template = client.get(reverse("branches:import_template")).content
    upload = SimpleUploadedFile("template.xlsx", template)
    response = _upload(client, world, upload)
    assert response.context["form"].errors["file"]  # "no member rows", and nothing saved
    assert not Member.objects.filter(name="张三").exists()


def test_file_without_the_header_row_is_refused(login, world):
    client = login(world.users["secretary"])
    workbook = Workbook()
    workbook.active.append(["梁振华", "男"])
    buffer = BytesIO()
    workbook.save(buffer)
    response = _upload(client, world, SimpleUploadedFile("roster.xlsx", buffer.getvalue()))
    assert "姓名" in " ".join(response.context["form"].errors["file"])
    assert not Member.objects.filter(name="梁振华").exists()


def test_importing_a_member_twice_is_a_row_error(login, world):
    client = login(world.users["secretary"])
    row = ["甲党员", "男", None, None, None, "正式党员", None, None, None, None]
    response = _upload(client, world, _xlsx([row]))
    errors = response.context["result"].errors
    assert [(error.row, error.column) for error in errors] == [(2, None)]  # the whole row
    response = _upload(client, world, _xlsx([["新人", "女"], ["新人", "女"]]))
    assert [error.row for error in response.context["result"].errors] == [3]
    assert not Member.objects.filter(name="新人").exists()


def test_an_export_imports_back_into_another_branch(login, world):
    MemberFactory(branch=world.branch, name="王工", phone="+86 138 0000 0000", job="=1+1")
    exported = (
        login(world.users["secretary"])
        .get(reverse("branches:member_export", args=[world.branch.pk]), {"q": "王工"})
        .content
    )
    client = login(world.users["sibling_secretary"])
    response = client.post(
        reverse("branches:member_import", args=[world.sibling.pk]),
        {"file": SimpleUploadedFile("export.xlsx", exported)},
    )
    assert response.status_code == 302
    moved = world.sibling.members.get(name="王工")
    assert (moved.phone, moved.job) == ("+86 138 0000 0000", "=1+1")
