"""Every ledger export opens in Excel as a ledger: a bold header row that stays in view,
numbers Excel can add up, and dates Excel can sort."""

import datetime
import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .factories import MeetingFactory, MemberFactory

EXPORTS = [
    ("branches:member_export", lambda w: [w.branch.pk], {}),
    ("activities:meeting_export", lambda w: [w.branch.pk], {}),
    ("activities:activity_export", lambda w: [w.branch.pk], {}),
    ("activities:honour_export", lambda w: [w.branch.pk], {}),
    ("rectifications:checklist_export", lambda w: [w.checklist.pk], {}),
    ("rectifications:item_export", lambda w: [w.branch.pk], {}),
]
NUMBER_AS_TEXT = re.compile(r"[-+]?\d+(\.\d+)?%?")


def _sheet(client, name, args, query=None):
    response = client.get(reverse(name, args=args), query or {})
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content)).worksheets[0]


@pytest.mark.parametrize(("name", "args", "query"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_every_ledger_export_has_a_bold_header_row_that_stays_in_view(
    login, world, name, args, query
):
    sheet = _sheet(login(world.users["hq"]), name, args(world), query)
    assert sheet.freeze_panes == "A2"
    header = [cell for cell in sheet[1] if cell.value is not None]
    assert header and all(cell.font.b for cell in header)
    assert sheet.max_row >= 2  # the world has a record of each kind


@pytest.mark.parametrize(("name", "args", "query"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_no_export_writes_a_number_or_a_date_as_text(login, world, name, args, query):
    sheet = _sheet(login(world.users["hq"]), name, args(world), query)
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for header, cell in zip(headers, row, strict=True):
            if cell.data_type != "s" or header == "手机号码":  # a phone number is text
                continue
            assert not NUMBER_AS_TEXT.fullmatch(cell.value), (header, cell.value)
            assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell.value), (header, cell.value)


def test_the_attendance_rate_is_a_percentage_excel_can_add_up(login, world):
    absentee = MemberFactory(
        branch=world.branch, name="缺席党员", committee_role="committee_member"
    )
    MeetingFactory(
        branch=world.branch,
        kind="committee",
        topic="五月支委会",
        host=world.secretary,
        held_on=datetime.date(2024, 5, 6),
        absent=[absentee],
    )
    sheet = _sheet(
        login(world.users["hq"]),
        "activities:meeting_export",
        [world.branch.pk],
        {"year": 2024},
    )
    headers = [cell.value for cell in sheet[1]]
    row = {header: cell for header, cell in zip(headers, sheet[2], strict=True)}
    assert row["主题"].value == "五月支委会"
    rate = row["参会率"]
    assert (rate.data_type, rate.value, rate.number_format) == ("n", 0.5, "0.0%")
    for header in ("序号", "应到", "实到"):
        assert row[header].data_type == "n", header
    assert row["日期"].is_date and row["日期"].value.date() == datetime.date(2024, 5, 6)
