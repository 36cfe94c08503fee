"""Checklists and items through the pages: starting a checklist from a meeting, adding,
importing and pasting many items at once, the ledger export and the numbers."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from activities.models import Meeting
from rectifications.models import Checklist, Item

from .factories import ChecklistFactory, ItemFactory, MeetingFactory, MemberFactory

LEDGER_HEADER = ["序号", "问题", "类别", "责任人", "整改措施", "整改时限", "状态", "销号日期"]
IMPORT_HEADER = ["问题", "类别", "责任人", "整改措施", "发现日期", "整改时限"]


def test_a_checklist_starts_from_an_organizational_life_meeting(login, world):
    meeting = MeetingFactory(
        branch=world.branch,
        kind=Meeting.Kind.LIFE_MEETING,
        topic="年度组织生活会",
        held_on=datetime.date(2024, 1, 25),
    )
    client = login(world.users["secretary"])
    assert "建立问题清单" in client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("rectifications:checklist_create", args=[world.branch.pk])
    form = client.get(url, {"meeting": meeting.pk}).context["form"]
    assert form["meeting"].value() == meeting.pk
    assert form["source"].value() == Checklist.Source.LIFE_MEETING
    assert form["starts_on"].value() == datetime.date(2024, 1, 25)
    response = client.post(
        url,
        {
            "title": "组织生活会查摆问题清单",
            "source": "life_meeting",
            "starts_on": "2024-01-25",
            "meeting": meeting.pk,
        },
    )
    checklist = Checklist.objects.get(title="组织生活会查摆问题清单")
    assert response.url == checklist.get_absolute_url()
    assert checklist.meeting == meeting and checklist.branch == world.branch
    assert "组织生活会查摆问题清单" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_checklist_cannot_name_another_branchs_meeting(login, world):
    foreign = MeetingFactory(branch=world.sibling, kind=Meeting.Kind.LIFE_MEETING)
    client = login(world.users["secretary"])
    url = reverse("rectifications:checklist_create", args=[world.branch.pk])
    response = client.post(
        url, {"title": "清单", "source": "life_meeting", "starts_on": "2024-01-25",
              "meeting": foreign.pk},
    )  # fmt: skip
    assert response.status_code == 200 and "meeting" in response.context["form"].errors
    assert not Checklist.objects.filter(title="清单").exists()


def test_items_are_added_one_after_another(login, world):
    client = login(world.users["secretary"])
    url = reverse("rectifications:item_create", args=[world.checklist.pk])
    data = {
        "problem": "基坑临边防护缺失",
        "category": "safety",
        "owner": world.member.pk,
        "found_on": "2024-06-14",
        "deadline": "2024-06-19",
        "add_another": "1",
    }
    response = client.post(url, data)
    assert response.url == url
    item = Item.objects.get(problem="基坑临边防护缺失")
    assert (item.number, item.status, item.branch) == (3, Item.Status.OPEN, world.branch)


def test_an_item_needs_a_member_of_the_branch_and_a_sensible_deadline(login, world):
    client = login(world.users["secretary"])
    url = reverse("rectifications:item_create", args=[world.checklist.pk])
    base = {"problem": "问题", "category": "safety", "found_on": "2024-06-14"}
    response = client.post(
        url, {**base, "owner": world.sibling_member.pk, "deadline": "2024-06-19"}
    )
    assert "owner" in response.context["form"].errors
    response = client.post(url, {**base, "owner": world.member.pk, "deadline": "2024-06-01"})
    assert "deadline" in response.context["form"].errors
    assert world.checklist.items.count() == 2  # the world's own two


def _xlsx(rows, header=IMPORT_HEADER):
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("hazards.xlsx", buffer.getvalue())


def test_the_template_is_what_the_import_reads(login, world):
    client = login(world.users["secretary"])
    template = client.get(reverse("rectifications:import_template"))
    sheet = load_workbook(BytesIO(template.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == IMPORT_HEADER


def test_thirty_hazards_are_imported_at_once(login, world):
    rows = [
        [f"隐患{n}", "安全", "甲党员", "限期整改", datetime.date(2024, 10, 2), "2024/10/9"]
        for n in range(1, 31)
    ]
    client = login(world.users["secretary"])
    url = reverse("rectifications:item_import", args=[world.checklist.pk])
    response = client.post(url, {"file": _xlsx(rows)})
    assert response.url == world.checklist.get_absolute_url()
    imported = world.checklist.items.filter(problem__startswith="隐患").order_by("number")
    assert imported.count() == 30
    assert [item.number for item in imported][:2] == [3, 4]
    first = imported.first()
    assert (first.owner, first.deadline) == (world.member, datetime.date(2024, 10, 9))


def test_an_import_with_bad_rows_saves_nothing_and_names_each_row(login, world):
    rows = [
        ["好的一行", "安全", "甲党员", "", "2024-10-02", "2024-10-09"],
        ["类别不对", "天气", "甲党员", "", "2024-10-02", "2024-10-09"],
        ["没有这个人", "安全", "查无此人", "", "2024-10-02", "2024-10-09"],
        ["", "安全", "甲党员", "", "2024-10-02", "不是日期"],
    ]
    client = login(world.users["secretary"])
    url = reverse("rectifications:item_import", args=[world.checklist.pk])
    response = client.post(url, {"file": _xlsx(rows)})
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [(error.row, error.column_letter, error.header) for error in errors] == [
        (3, "B", "类别"),
        (4, "C", "责任人"),
        (5, "A", "问题"),  # no problem text
        (5, "F", "整改时限"),  # and no readable deadline
    ]
    assert "天气" in errors[0].message and "查无此人" in errors[1].message
    content = response.content.decode()
    assert "未保存任何数据" in content
    with translation.override("zh-hans"):
        for error in errors:
            assert f"<li>{escape(str(error))}</li>" in content
    assert world.checklist.items.count() == 2


def test_rows_pasted_from_a_spreadsheet_are_imported(login, world):
    pasted = "\n".join(
        [
            "\t".join(IMPORT_HEADER),
            "配电箱未上锁\t安全\t甲党员\t更换门锁\t2024-6-14\t2024年6月19日",
            f"资料签字不全\t质量\t甲书记\t\t\t{datetime.date.today().year + 1}-01-01",
        ]
    )
    client = login(world.users["secretary"])
    url = reverse("rectifications:item_import", args=[world.checklist.pk])
    assert client.post(url, {"pasted": pasted}).status_code == 302
    first = Item.objects.get(problem="配电箱未上锁")
    assert first.deadline == datetime.date(2024, 6, 19)
    assert first.found_on == datetime.date(2024, 6, 14)
    second = Item.objects.get(problem="资料签字不全")
    assert second.owner == world.secretary and second.found_on == datetime.date.today()


def test_two_members_of_the_same_name_must_be_told_apart_by_hand(login, world):
    MemberFactory(branch=world.branch, name="甲党员")
    client = login(world.users["secretary"])
    url = reverse("rectifications:item_import", args=[world.checklist.pk])
    response = client.post(url, {"pasted": "问题\t安全\t甲党员\t\t\t2030-01-01"})
    [error] = response.context["result"].errors
    assert (error.row, error.column_letter) == (1, "C") and "甲党员" in error.message
    assert world.checklist.items.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": SimpleUploadedFile("a.xlsx", b"MZ\x90\x00not a workbook")}, "不是 Excel"),
        ({"pasted": ""}, "二选一"),
        ({"file": _xlsx([], header=["姓名", "性别"])}, "表头"),
    ],
)
def test_files_that_cannot_be_read_are_refused_clearly(login, world, data, message):
    client = login(world.users["secretary"])
    url = reverse("rectifications:item_import", args=[world.checklist.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert world.checklist.items.count() == 2


def test_the_ledger_export_reads_back_in_the_ledger_layout(login, world):
    closed = ItemFactory(
        checklist=world.checklist,
        problem="已整改的问题",
        owner=world.member,
        found_on=datetime.date(2024, 5, 1),
        deadline=datetime.date(2024, 5, 10),
        status=Item.Status.CLOSED,
        closed_on=datetime.date(2024, 5, 8),
        measures='=HYPERLINK("http://evil")',
    )
    client = login(world.users["hq"])
    response = client.get(reverse("rectifications:checklist_export", args=[world.checklist.pk]))
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == LEDGER_HEADER
    assert len(rows) == 4
    last = rows[3]
    assert last[:4] == [closed.number, "已整改的问题", "安全", "甲党员"]
    assert last[6] == "已销号" and last[7].date() == datetime.date(2024, 5, 8)
    assert sheet.cell(row=4, column=5).data_type == "s"  # text, never a formula


def test_the_branch_ledger_names_each_items_checklist(login, world):
    second = ChecklistFactory(branch=world.branch, title="第二张清单")
    ItemFactory(checklist=second, problem="另一清单的问题", owner=world.member)
    client = login(world.users["secretary"])
    response = client.get(reverse("rectifications:item_export", args=[world.branch.pk]))
    rows = [
        [cell.value for cell in row]
        for row in load_workbook(BytesIO(response.content)).worksheets[0].iter_rows()
    ]
    assert rows[0][:3] == ["序号", "问题清单", "问题"]
    numbered = {(row[1], row[0]) for row in rows[1:]}
    assert ("第二张清单", 1) in numbered and ("甲隐患清单", 1) in numbered


def test_the_item_list_filters_overdue_items(login, world):
    late = ItemFactory(
        checklist=world.checklist,
        problem="逾期的问题",
        found_on=datetime.date(2024, 1, 2),
        deadline=datetime.date(2024, 2, 1),
    )
    client = login(world.users["member"])
    url = reverse("rectifications:item_list", args=[world.branch.pk])
    items = list(client.get(url, {"overdue": "on"}).context["page"])
    assert items == [late]
    assert len(client.get(url).context["page"]) == 3
    assert list(client.get(url, {"q": "甲隐患二"}).context["page"]) == [world.submitted_item]


def test_checklist_list_gives_numbers_per_checklist_and_for_a_year(login, world):
    old = ChecklistFactory(branch=world.branch, title="2023年清单")
    ItemFactory(
        checklist=old,
        found_on=datetime.date(2023, 3, 1),
        deadline=datetime.date(2023, 3, 5),
        status=Item.Status.CLOSED,
        closed_on=datetime.date(2023, 3, 4),
    )
    client = login(world.users["hq"])
    url = reverse("rectifications:checklist_list", args=[world.branch.pk])
    response = client.get(url)
    numbers = dict(response.context["rows"])
    assert numbers[old].rate == 1 and numbers[world.checklist].found == 2
    assert response.context["totals"].found == 3
    response = client.get(url, {"year": 2023})
    assert [checklist for checklist, _ in response.context["rows"]] == [old]
    assert response.context["totals"].found == 1


def test_branch_page_and_my_page_show_open_items(login, world):
    ItemFactory(
        checklist=world.checklist,
        owner=world.member,
        problem="逾期的问题",
        found_on=datetime.date(2024, 1, 2),
        deadline=datetime.date(2024, 2, 1),
    )
    client = login(world.users["secretary"])
    response = client.get(reverse("overview:branch", args=[world.branch.pk]))
    assert (response.context["open_items"], response.context["overdue_items"]) == (3, 1)
    assert list(response.context["urgent_items"])[0].problem == "逾期的问题"
    client = login(world.users["member"])
    page = client.get(reverse("responsibilities:mine")).content.decode()
    assert page.index("逾期的问题") < page.index("甲隐患一")  # earliest deadline first
    assert "我的整改任务" in page


def test_closed_items_are_not_edited(login, world):
    closed = ItemFactory(checklist=world.checklist, status=Item.Status.CLOSED)
    client = login(world.users["secretary"])
    response = client.get(reverse("rectifications:item_edit", args=[closed.pk]))
    assert response.url == closed.get_absolute_url()


def test_the_item_list_opens_on_what_needs_action_first(login, world):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    make = {"checklist": world.checklist, "owner": world.member, "found_on": today - 60 * day}
    closed_earlier, closed_later = (
        ItemFactory(**make, problem=f"已销号{n}", status="closed", closed_on=today - n * day)
        for n in (20, 10)
    )
    overdue = ItemFactory(**make, problem="已逾期", deadline=today - day)
    long_overdue = ItemFactory(**make, problem="逾期已久", deadline=today - 30 * day)
    page = login(world.users["secretary"]).get(
        reverse("rectifications:item_list", args=[world.branch.pk])
    )
    listed = list(page.context["page"].object_list)
    # Overdue (oldest first), awaiting verification, the rest open, then closed (latest first).
    assert listed[:3] == [long_overdue, overdue, world.submitted_item]
    assert listed[3] == world.item
    assert listed[-2:] == [closed_later, closed_earlier]


@pytest.mark.parametrize(
    "name", ["rectifications:item_list", "activities:meeting_list", "activities:honour_list"]
)
def test_year_filters_offer_the_branchs_years(login, world, name):
    world.branch.founded_on = datetime.date(2015, 3, 1)
    world.branch.save()
    response = login(world.users["secretary"]).get(reverse(name, args=[world.branch.pk]))
    offered = [value for value, _label in response.context["filter"].form.fields["year"].choices]
    this_year = timezone.localdate().year
    assert offered == ["", *range(this_year, 2014, -1)]
