"""Spreadsheets built to hurt the server: each import refuses them with its usual message and
saves nothing, and reading one through the shared reader takes a bounded amount of memory.

The files are a good workbook with parts of its zip swapped; the enormous parts are streamed
into the zip, so that they take little memory to make and about 200 KB once deflated.
"""

import datetime
import functools
import random
import re
import subprocess
import sys
import zipfile
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from core.spreadsheets import MAX_CELL_CHARS, CellError, SpreadsheetError, read_first_sheet

from .test_bad_input import fingerprint

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def not_excel(max_rows):
    return "该文件不是 Excel .xlsx 文件。请下载模板，填写后再上传。"


def too_many_rows(max_rows):
    return f"文件超过 {max_rows} 行，请拆分后分别导入。"


def too_large(max_rows):
    # Chinese once the lead has merged this message into the catalogue.
    with translation.override("zh-hans"):
        return gettext(
            "The file is too large to import. Keep only the rows to import on its first "
            "sheet, or copy them into the template."
        )


ROSTER_HEADER = ["姓名", "性别", "出生日期", "入党时间", "转正时间", "状态", "党小组"]
ROSTER_HEADER += ["支委职务", "项目岗位", "手机号码"]
# Each import: its URL, its header, a row it accepts, and how many rows it takes at most.
IMPORTS = {
    "roster": (
        lambda w: reverse("branches:member_import", args=[w.branch.pk]),
        ROSTER_HEADER,
        ["新党员", "男", "1990-03-01", "2015-07-01", "2016-07-01", "正式党员", "", "", "", ""],
        2000,
    ),
    "checklist items": (
        lambda w: reverse("rectifications:item_import", args=[w.checklist.pk]),
        ["问题", "类别", "责任人", "整改措施", "发现日期", "整改时限"],
        ["新隐患", "安全", "甲党员", "", "2024-10-02", "2024-10-09"],
        500,
    ),
}


def good_parts(header, rows):
    """The parts of the .xlsx openpyxl writes for the header and `rows`."""
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts, compression=zipfile.ZIP_DEFLATED):
    """`parts` as an .xlsx; a part given as a function yielding chunks is streamed in."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        for name, content in parts.items():
            if callable(content):
                with archive.open(name, "w", force_zip64=True) as part:
                    for chunk in content():
                        part.write(chunk)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def row_xml(number, cells):
    """A row of inline strings, or of `cells` given as XML text."""
    if isinstance(cells, list):
        cells = "".join(
            f'<c r="{chr(65 + column)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
            for column, value in enumerate(cells)
        )
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows, before_data=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{before_data}'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    ).encode()


def with_strings(parts, strings):
    """`parts` with a shared strings part (bytes or a streaming function) declared."""
    types = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/></Types>'.encode(),
    )
    return {**parts, "[Content_Types].xml": types, STRINGS: strings}


def enormous(before, after, megabytes=200):
    """`megabytes` of one letter between `before` and `after`, streamed."""

    def chunks():
        yield before
        for _ in range(megabytes):
            yield b"A" * 2**20
        yield after

    return chunks


def with_declared_size(content, name, size):
    """The zip `content` with the size its central directory gives for part `name` changed."""
    # A central directory entry: its signature, the uncompressed size at bytes 24 to 28, the
    # name's length at 28 to 30 and the name from byte 46.
    start = content.find(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(content[start + 28 : start + 30], "little")
        if content[start + 46 : start + 46 + name_length] == name.encode():
            return content[: start + 24] + size.to_bytes(4, "little") + content[start + 28 :]
        start = content.find(b"PK\x01\x02", start + 4)


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE lolz [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>'
ENTITY_PARTS = [
    SHEET,
    STRINGS,
    "xl/workbook.xml",
    "xl/styles.xml",
    "xl/_rels/workbook.xml.rels",
    "_rels/.rels",
    "[Content_Types].xml",
    "docProps/core.xml",
]


def with_entity(xml, dtd):
    """`xml` declaring `dtd` and using its entity `lol9` in the text of its root element."""
    prolog_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    xml = xml[:prolog_end] + dtd.encode() + xml[prolog_end:]
    return re.sub(rb"(<[A-Za-z][^>]*[^/]>)", rb"\1&lol9;", xml, count=1)


# Each hostile file is made by a function of the import's header, a row it accepts and the
# most rows it takes, from the good file of those two rows.


def enormous_inline_cell(header, row, max_rows):
    start = sheet_xml([row_xml(1, header)]).split(b"</sheetData>")[0]
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    sheet = enormous(start + cell, b"</t></is></c></row></sheetData></worksheet>")
    return zipped({**good_parts(header, []), SHEET: sheet})


def enormous_shared_string(header, row, max_rows):
    sheet = sheet_xml([row_xml(1, header), row_xml(2, '<c r="A2" t="s"><v>0</v></c>')])
    start = f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>'.encode()
    strings = enormous(start, b"</t></si></sst>")
    return zipped(with_strings({**good_parts(header, []), SHEET: sheet}, strings))


def sheet_with(*, more_rows=(), before_data=""):
    """The good file with `more_rows` (XML, or a function of the most rows) after its two,
    and `before_data` (XML) before its rows."""

    def build(header, row, max_rows):
        more = more_rows(max_rows) if callable(more_rows) else more_rows
        sheet = sheet_xml([row_xml(1, header), row_xml(2, row), *more], before_data)
        return zipped({**good_parts(header, [row]), SHEET: sheet})

    return build


def parts_changed(change, compression=zipfile.ZIP_DEFLATED):
    """The good file with its parts (name: content) changed by `change`."""

    def build(header, row, max_rows):
        return zipped(change(good_parts(header, [row])), compression)

    return build


def zip_changed(change):
    """The good file's bytes changed by `change`."""

    def build(header, row, max_rows):
        return change(zipped(good_parts(header, [row])))

    return build


def without_sheet(parts):
    return {name: content for name, content in parts.items() if name != SHEET}


def cut_off(name, characters):
    return lambda parts: {**parts, name: parts[name][:-characters]}


def with_entity_in(part, dtd):
    def change(parts):
        strings = f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>x</t></si></sst>'
        parts = with_strings(parts, strings.encode())
        return {**parts, part: with_entity(parts[part], dtd)}

    return change


def with_sheets(count):
    """`count` sheets, all of them the first sheet: openpyxl reads each one's relationships."""

    def change(parts):
        sheets = "".join(
            f'<sheet name="S{number}" sheetId="{number}" r:id="rId1"/>'
            for number in range(1, count + 1)
        )
        workbook = re.sub(rb"<sheets>.*</sheets>", f"<sheets>{sheets}</sheets>".encode(),
                          parts["xl/workbook.xml"])  # fmt: skip
        return {**parts, "xl/workbook.xml": workbook}

    return change


def as_chart_sheet(parts):
    relationships = parts["xl/_rels/workbook.xml.rels"].replace(
        b"relationships/worksheet", b"relationships/chartsheet"
    )
    return {**parts, "xl/_rels/workbook.xml.rels": relationships}


def more_rows_than_allowed(max_rows):
    return [row_xml(number, ["x"]) for number in range(3, max_rows + 10)]


WIDE_ROW = row_xml(3, '<c r="A3"><v>1</v></c>' * 100_000)

# name: (how to make it, the message it is refused with)
HOSTILE = {
    "an enormous inline cell": (enormous_inline_cell, too_large),
    "an enormous shared string": (enormous_shared_string, too_large),
    "a zip bomb of blank space": (sheet_with(before_data=" " * 5_000_000), too_large),
    "a part declaring 4 GB unpacked": (
        zip_changed(lambda content: with_declared_size(content, SHEET, 2**32 - 1)),
        too_large,
    ),
    "a part compressed with bzip2": (parts_changed(dict, zipfile.ZIP_BZIP2), not_excel),
    "20,000 parts": (
        parts_changed(lambda parts: {**parts, **{f"x/{n}": b"" for n in range(20_000)}}),
        too_large,
    ),
    "a sheet cut off": (parts_changed(cut_off(SHEET, 40)), not_excel),
    "a workbook.xml cut off": (parts_changed(cut_off("xl/workbook.xml", 30)), not_excel),
    "a missing sheet part": (parts_changed(without_sheet), not_excel),
    "11 sheets": (parts_changed(with_sheets(11)), too_large),
    "a chart sheet": (parts_changed(as_chart_sheet), not_excel),
    "a zip cut off": (zip_changed(lambda content: content[:-300]), not_excel),
    "not a zip": (zip_changed(lambda content: "姓名,性别\n张三,男\n".encode() * 100), not_excel),
    "a row 100,000 cells wide": (sheet_with(more_rows=[WIDE_ROW]), too_large),
    "a million elements outside the rows": (
        sheet_with(before_data="<x/>" * 1_000_000),
        too_large,
    ),
    "a value in row 1,048,576": (
        sheet_with(more_rows=[row_xml(1_048_576, ["x"])]),
        too_many_rows,
    ),
    "more rows than allowed": (sheet_with(more_rows=more_rows_than_allowed), too_many_rows),
    **{
        f"{dtd_name} in {part}": (parts_changed(with_entity_in(part, dtd)), not_excel)
        for dtd_name, dtd in [
            ("a billion laughs", BILLION_LAUGHS),
            ("an external entity", EXTERNAL_ENTITY),
        ]
        for part in ENTITY_PARTS
    },
}


@functools.cache
def hostile_file(kind, name):
    _url, header, row, max_rows = IMPORTS[kind]
    return HOSTILE[name][0](header, row, max_rows)


@pytest.mark.parametrize("kind", IMPORTS)
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_spreadsheet_is_refused_clearly_and_changes_nothing(login, world, kind, name):
    url, _header, _row, max_rows = IMPORTS[kind]
    client = login(world.users["secretary"])
    before = fingerprint()
    upload = SimpleUploadedFile("upload.xlsx", hostile_file(kind, name))
    response = client.post(url(world), {"file": upload})
    assert response.status_code == 200
    message = HOSTILE[name][1](max_rows)
    assert [message] in response.context["form"].errors.values()
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page and message in page
    assert fingerprint() == before


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_cell_longer_than_any_field_is_refused_by_row_and_column(login, world, kind):
    url, header, row, _max_rows = IMPORTS[kind]
    long_row = [*row[:3], "长" * (MAX_CELL_CHARS + 1), *row[4:]]
    client = login(world.users["secretary"])
    before = fingerprint()
    upload = SimpleUploadedFile("upload.xlsx", zipped(good_parts(header, [row, long_row])))
    response = client.post(url(world), {"file": upload})
    assert response.status_code == 200
    with translation.override("zh-hans"):
        too_long = gettext("the cell holds more than %(count)d characters.") % {
            "count": MAX_CELL_CHARS
        }
        message = str(CellError(3, 4, "", too_long))  # 第3行 D列：…
    assert [message] in response.context["form"].errors.values()
    assert fingerprint() == before


# Bits of XML and of values that a damaged or hand-edited part might have.
DAMAGE = [b"<", b">", b"/", b'"', b"&", b"<x>", b"</x>", b"<!--", b"<![CDATA[", b"\xff"]
DAMAGE += [b'r="ZZZ9"', b't="s"', b't="e"', b't="d"', b"<v>9999</v>", b's="99"', b"-1", b"9" * 20]
DAMAGE += [b'r:id="rId9"', b'Target="../x"', b'<row r="0">', b'<c r="A1" t="inlineStr"/>']


def test_a_damaged_part_anywhere_is_refused_never_a_500():
    """Hundreds of files with a few bytes of their parts cut, replaced or added: each reads,
    or is refused with a message; no other exception gets out, to answer 500."""
    strings = f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>x</t></si></sst>'.encode()
    parts = with_strings(good_parts(ROSTER_HEADER, [IMPORTS["roster"][2]] * 5), strings)
    chance = random.Random(13)  # noqa: S311 (damage to test with, not a secret)
    refused = 0
    for _ in range(300):
        damaged = dict(parts)
        for _ in range(chance.randint(1, 4)):
            name = chance.choice(list(damaged))
            content = bytearray(damaged[name])
            at = chance.randrange(len(content) + 1)
            content[at : at + chance.choice([0, 1, 20])] = chance.choice([b"", *DAMAGE])
            damaged[name] = bytes(content)
        upload = SimpleUploadedFile("damaged.xlsx", zipped(damaged))
        try:
            read_first_sheet(upload, 2000, len(ROSTER_HEADER))
        except SpreadsheetError:
            refused += 1
    assert refused > 200


def test_the_limits_leave_room_for_a_full_roster():
    """2000 members, every column filled, as openpyxl writes it (each text cell three XML
    elements): the largest file an import takes passes every check."""
    header = IMPORTS["roster"][1]
    day = datetime.date(1980, 1, 1)
    rows = [
        [f"党员{n:04d}", "男", day + datetime.timedelta(days=n), day, day, "正式党员",
         "第一党小组", "组织委员", f"施工员{n}", f"138{n:08d}"]
        for n in range(2000)
    ]  # fmt: skip
    upload = SimpleUploadedFile("roster.xlsx", zipped(good_parts(header, rows)))
    read = read_first_sheet(upload, 2000, len(header))
    assert len(read) == 2001 and read[-1][0] == "党员1999"


@pytest.mark.parametrize("kind", IMPORTS)
def test_the_good_file_the_hostile_ones_are_made_from_imports(login, world, kind):
    url, header, row, _max_rows = IMPORTS[kind]
    client = login(world.users["secretary"])
    upload = SimpleUploadedFile("upload.xlsx", zipped(good_parts(header, [row])))
    assert client.post(url(world), {"file": upload}).status_code == 302


# Reading through the shared reader in a fresh Python, after a first good file has loaded
# everything a read needs (modules, translations): how much the hostile file adds to the
# process's peak memory, in MB. The peak is Linux's VmHWM: getrusage's ru_maxrss would
# start from the size of the pytest process that started this one.
MEASURE = r"""
import re, resource, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from core.spreadsheets import SpreadsheetError, read_first_sheet

def read(path):
    with open(path, "rb") as file:
        upload = SimpleUploadedFile("upload.xlsx", file.read())
    try:
        read_first_sheet(upload, 2000, 10)
    except SpreadsheetError:
        pass

def peak_kb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\s*(\d+) kB", status.read()).group(1))

# An old reader may try to take gigabytes: stop it at 4 GB rather than the machine.
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
read(sys.argv[1])
baseline = peak_kb()
read(sys.argv[2])
print((peak_kb() - baseline) // 1024)
"""
# The most a read may add: what openpyxl takes for a file just within the limits (about
# 47 MB for the styles below), and some room.
MEMORY_BOUND_MB = 64


def roster_rows(count):
    return [["党员", "男", "1990-03-01", "2015-07-01", "", "正式党员"] for _ in range(count)]


def many_styles(count):
    """A styles part with `count` elements in the lists openpyxl reads, of varied values so
    that it deflates no better than a real one."""
    values = (number * 2654435761 % 2**24 for number in range(count))  # scattered

    def entries(template, how_many):
        return "".join(template.format(next(values)) for _ in range(how_many))

    per_list = count // 6
    xf = '<xf numFmtId="{0}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    lists = {
        "numFmts": entries('<numFmt numFmtId="{0}" formatCode="0.0{0}"/>', per_list),
        "fonts": entries('<font><sz val="{0}"/></font>', per_list // 2),
        "fills": entries(
            '<fill><patternFill><fgColor rgb="FF{0:06X}"/></patternFill></fill>', per_list // 3
        ),
        "borders": entries('<border><left style="thin"/><!-- {0} --></border>', per_list // 2),
        "cellStyleXfs": entries(xf, per_list),
        "cellXfs": entries(xf, per_list),
    }
    body = "".join(f"<{name}>{entries}</{name}>" for name, entries in lists.items())
    return f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}">{body}</styleSheet>'.encode()


def roster_file(rows=(), **parts):
    """The roster's header and `rows`, with `parts` (name: content) swapped in."""
    return zipped({**good_parts(IMPORTS["roster"][1], rows), **parts})


def declaring_every_column(rows):
    """2000 good rows in a sheet that says it spans A1:XFD1048576."""
    sheet = good_parts(IMPORTS["roster"][1], rows)[SHEET]
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    return roster_file(rows, **{SHEET: sheet})


def with_a_value_in_column_xfd(count):
    cells = '<c r="A{0}" t="inlineStr"><is><t>党员</t></is></c><c r="XFD{0}"><v>1</v></c>'
    rows = [row_xml(number, cells.format(number)) for number in range(2, count + 2)]
    return roster_file(**{SHEET: sheet_xml([row_xml(1, IMPORTS["roster"][1]), *rows])})


MEMORY_CASES = {
    **{
        name: functools.partial(hostile_file, "roster", name)
        for name in [
            "an enormous inline cell",
            "an enormous shared string",
            "a row 100,000 cells wide",
            "a million elements outside the rows",
            "a billion laughs in xl/worksheets/sheet1.xml",
            "20,000 parts",
        ]
    },
    "2,000 rows declaring 16,384 columns": lambda: declaring_every_column(roster_rows(2000)),
    "2,000 rows with a value in column XFD": lambda: with_a_value_in_column_xfd(2000),
    "styles of 120,000 elements": lambda: roster_file(**{"xl/styles.xml": many_styles(120_000)}),
    # The worst a file within the limits can do.
    "styles just within the element limit": lambda: roster_file(
        **{"xl/styles.xml": many_styles(72_000)}
    ),
}


@pytest.mark.parametrize("name", MEMORY_CASES)
def test_reading_a_hostile_spreadsheet_takes_bounded_memory(tmp_path, name):
    good, hostile = tmp_path / "good.xlsx", tmp_path / "hostile.xlsx"
    good.write_bytes(zipped(good_parts(IMPORTS["roster"][1], roster_rows(10))))
    hostile.write_bytes(MEMORY_CASES[name]())
    child = subprocess.run(
        [sys.executable, "-c", MEASURE, str(good), str(hostile)],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    added = int(child.stdout.split()[-1])
    print(f"\nmemory: {name}: +{added} MB")
    assert added < MEMORY_BOUND_MB, f"{name}: reading it added {added} MB"
