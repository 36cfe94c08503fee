"""Annual reports: the PDF's text and fonts, renders only when inputs change, the fetcher
that reaches nothing outside, stale renders, the queue being down, the pages and the zip."""

import datetime
import io
import zipfile
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError
from pypdf import PdfReader

from activities.forms import ActivityForm
from attachments.uploads import PNG, CleanUpload
from core.forms import VersionedForm
from rectifications.models import Step
from reports import document, rendering, tasks
from reports.defaults import report_for
from reports.figures import collect
from reports.forms import ReportForm, photos_of_the_year
from reports.models import BLOCKS, AnnualReport, Render, ReportBundle
from reports.queue import QueueUnavailable, request_render
from reports.templatetags.report_tags import table_date
from responsibilities.forms import ResponsibilityForm

from ..factories import (
    ActivityFactory,
    ChecklistFactory,
    HonourFactory,
    ItemFactory,
    MeetingFactory,
    MemberFactory,
    MilestoneFactory,
    attach_photo,
    png_bytes,
)

JAN = datetime.date(2024, 1, 10)


def pdf_text(report):
    report.refresh_from_db()
    with report.pdf.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def font_names(reader):
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def year_2024(world):
    """A committee meeting and a theme day in January, and a safety checklist of three
    hazards, two of them closed."""
    MemberFactory(branch=world.branch, name="丙党员")
    MeetingFactory(branch=world.branch, kind="committee", held_on=JAN, topic="一月支委会")
    MeetingFactory(branch=world.branch, kind="theme_day", held_on=JAN, topic="一月主题党日")
    checklist = ChecklistFactory(branch=world.branch, title="安全检查清单", starts_on=JAN)
    for status, closed_on in (("closed", JAN), ("closed", JAN), ("open", None)):
        ItemFactory(
            checklist=checklist,
            owner=world.member,
            found_on=JAN,
            deadline=JAN + datetime.timedelta(days=5),
            status=status,
            closed_on=closed_on,
        )
    return world


def test_the_pdf_reads_the_ledger_in_chinese_with_a_cjk_font_embedded(year_2024):
    report = year_2024.report
    assert rendering.render(report.pk)
    reader, text = pdf_text(report)
    text = text.replace("\n", "").replace(" ", "")
    assert "甲项目党支部2024年度党建工作总结" in text  # the default title
    for heading in (
        "一、整体情况",
        "二、经验做法及取得的成效",
        "附件1：会议台账",
        "附件2：整改台账",
    ):
        assert heading in text
    assert "现有党员3人" in text  # the secretary, the member and 丙
    assert "支部委员会会议1次" in text and "开展主题党日1次" in text
    assert "发现安全隐患3条，完成整改2条，整改率66.7%" in text
    assert "一月支委会" in text and "安全检查清单" in text  # the two ledgers
    assert "第1页共" in text  # page numbers
    assert any("Noto-Serif-CJK-SC" in name for name in font_names(reader))


def test_a_pdf_is_rendered_again_only_when_an_input_changed(world):
    report = world.report
    first = rendering.render(report.pk)
    assert rendering.render(report.pk) == first  # nothing changed: the same file
    assert rendering.is_current(AnnualReport.objects.get(pk=report.pk))
    # A ledger record the report draws on changes: the stored PDF is out of date.
    MeetingFactory(branch=world.branch, kind="committee", held_on=JAN)
    report.refresh_from_db()
    assert not rendering.is_current(report)
    second = rendering.render(report.pk)
    assert second != first
    report.refresh_from_db()
    assert not report.pdf.storage.exists(first)  # the old file is gone
    # And so does a change of the narrative.
    report.overview = "支部坚持党建引领。"
    report.save()
    assert not rendering.is_current(report)


def test_another_years_record_does_not_touch_the_report(world):
    report = world.report
    rendering.render(report.pk)
    MeetingFactory(branch=world.branch, kind="committee", held_on=datetime.date(2023, 5, 1))
    report.refresh_from_db()
    assert rendering.is_current(report)


def test_the_fetcher_gives_only_the_apps_own_files(world):
    fetcher = rendering.LedgerFetcher(world.branch.pk)
    css = fetcher.fetch(rendering.BASE_URL + "static/reports/report.css")
    assert b"@page" in css.read()
    photo = world.photo  # a photo of the branch's own meeting
    assert fetcher.fetch(rendering.BASE_URL + f"attachments/{photo.pk}/").read()[:4] == b"\x89PNG"
    foreign = rendering.LedgerFetcher(world.sibling.pk)
    for url, who in [
        ("file:///etc/passwd", fetcher),
        ("https://example.com/logo.png", fetcher),
        (rendering.BASE_URL + "static/../../../etc/passwd", fetcher),
        (rendering.BASE_URL + "media/attachments/x.png", fetcher),
        (rendering.BASE_URL + f"attachments/{photo.pk}/", foreign),
    ]:
        with pytest.raises(ValueError):
            who.fetch(url)


def test_chosen_photos_are_printed_with_their_captions(world):
    meeting = MeetingFactory(branch=world.branch, held_on=JAN)
    from attachments.models import Attachment

    upload = CleanUpload(ContentFile(png_bytes((1600, 1200), "blue")), PNG, "现场.png")
    photo = Attachment.objects.attach(meeting, [upload], None, "一月支委会现场")[0]
    world.report.photos.add(photo)
    rendering.render(world.report.pk)
    reader, text = pdf_text(world.report)
    assert "附件4：活动照片" in text.replace(" ", "") and "一月支委会现场" in text
    images = [image for page in reader.pages for image in page.images]
    assert images, "the photo is in the PDF"


def test_a_render_nobody_finished_is_marked_failed_with_a_reason(world):
    report = world.report
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    AnnualReport.objects.filter(pk=report.pk).update(
        render_status=Render.RENDERING, render_started_at=long_ago
    )
    report.refresh_from_db()
    assert report.give_up_if_stale()
    report.refresh_from_db()
    assert report.render_status == Render.FAILED and "未能按时完成" in report.render_error
    assert request_render(report) == "queued"  # asking again starts afresh


def test_a_queue_that_cannot_be_reached_changes_nothing(login, world, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_report, "apply_async", unreachable)
    report = world.report
    with pytest.raises(QueueUnavailable):
        request_render(report)
    report.refresh_from_db()
    assert report.render_status == Render.NONE and not report.pdf
    client = login(world.users["secretary"])
    response = client.post(reverse("reports:render", args=[world.branch.pk, 2024]), follow=True)
    assert "生成队列暂时不可用" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("secretary", 302), ("hq", 302), ("admin", 302), ("member", 403), ("sibling_secretary", 404)],
)
def test_who_may_render(client, world, role, status):
    client.force_login(world.users[role])
    response = client.post(reverse("reports:render", args=[world.branch.pk, 2024]))
    assert response.status_code == status
    world.report.refresh_from_db()
    assert bool(world.report.pdf) == (status == 302)


def test_the_secretary_writes_the_text_and_places_the_figures(login, world):
    report = world.report
    client = login(world.users["secretary"])
    url = reverse("reports:edit", args=[world.branch.pk, 2024])
    form = client.get(url).context["form"]
    data = {
        "title": "打造“三个工程”",
        "subtitle": "甲项目党支部2024年度党建工作总结",
        "overview": "支部坚持党建引领。",
        "lessons": "一是坚持党的领导。",
        "next_steps": "下一步，支部将继续努力。",
        "version": form["version"].value(),
        "sections-TOTAL_FORMS": 4,
        "sections-INITIAL_FORMS": 3,
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    for index, section in enumerate(report.sections.order_by("number")):
        data |= {
            f"sections-{index}-id": section.pk,
            f"sections-{index}-number": section.number,
            f"sections-{index}-title": f"标题{section.number}",
            f"sections-{index}-text": "",
        }
    data |= {"sections-2-DELETE": "on"}
    data |= {f"block_{key}": 1 for key, _label, _section in BLOCKS}
    data |= {"block_volunteer": 2, "block_joint": 0}
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    report.refresh_from_db()
    assert report.title == "打造“三个工程”"
    assert list(report.sections.values_list("number", "title")) == [(1, "标题1"), (2, "标题2")]
    assert report.placement("volunteer") == 2 and report.placement("joint") == 0
    html = document.html(report)
    assert "（二）标题2" in html and "下一步，支部将继续努力。" in html


def test_section_numbers_must_be_distinct(login, world):
    report = world.report
    client = login(world.users["secretary"])
    url = reverse("reports:edit", args=[world.branch.pk, 2024])
    sections = list(report.sections.order_by("number"))
    data = {
        "title": report.title,
        "version": report.version,
        "sections-TOTAL_FORMS": 3,
        "sections-INITIAL_FORMS": 3,
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        **{f"block_{key}": 1 for key, _label, _section in BLOCKS},
    }
    for index, section in enumerate(sections):
        data |= {
            f"sections-{index}-id": section.pk,
            f"sections-{index}-number": 1,
            f"sections-{index}-title": section.title,
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(report.sections.values_list("number", flat=True)) == [1, 2, 3]


def test_downloading_renders_a_missing_pdf_first(login, world):
    client = login(world.users["hq"])
    url = reverse("reports:download", args=[world.branch.pk, 2024])
    # A link (GET) renders nothing: it sends him to the report's page to render it.
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == world.report.get_absolute_url()
    assert "请先生成" in response.content.decode()
    world.report.refresh_from_db()
    assert not world.report.pdf and world.report.render_status == Render.NONE
    response = client.post(url)
    assert response["Content-Type"] == "application/pdf"
    assert "2024" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_hq_bundles_every_branch_even_without_a_text(login, world):
    assert not AnnualReport.objects.filter(branch=world.sibling, year=2024).exists()
    client = login(world.users["hq"])
    response = client.post(reverse("reports:bundle_create"), {"year": 2024})
    bundle = ReportBundle.objects.exclude(pk=world.bundle.pk).get()
    assert response.url == bundle.get_absolute_url()
    bundle.refresh_from_db()
    assert bundle.render_status == Render.DONE
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("reports:bundle_download", args=[bundle.pk])).getvalue())
    )
    assert sorted(archive.namelist()) == sorted(
        [f"{b.display_name}-{b.pk}-2024年度党建工作总结.pdf" for b in (world.branch, world.sibling)]
    )
    assert archive.read(archive.namelist()[0])[:5] == b"%PDF-"


@pytest.mark.parametrize(
    "short_name", ["../../etc/甲", "..\\..\\甲", "/甲", ".甲", "甲/..", "甲:*?<>|.pdf", "../.."]
)
def test_names_in_the_zip_and_downloads_cannot_leave_their_folder(login, world, short_name):
    world.branch.short_name = short_name
    world.branch.save()
    client = login(world.users["hq"])
    client.post(reverse("reports:bundle_create"), {"year": 2024})
    bundle = ReportBundle.objects.exclude(pk=world.bundle.pk).get()
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("reports:bundle_download", args=[bundle.pk])).getvalue())
    )
    download = client.get(reverse("reports:download", args=[world.branch.pk, 2024]))
    disposition = download["Content-Disposition"]
    names = [*archive.namelist(), disposition.split("filename", 1)[1]]
    for name in names:
        assert "/" not in name and "\\" not in name and ".." not in name and "\x00" not in name
        assert not name.startswith(".")
    assert len(set(archive.namelist())) == 2  # the branches' reports never share a name
    assert f"{world.branch.pk}-2024年度党建工作总结.pdf" in unquote(disposition)


@pytest.mark.parametrize("role", ["secretary", "member", "anonymous"])
def test_only_hq_and_administrators_ask_for_bundles(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(reverse("reports:bundle_create"), {"year": 2024})
    assert response.status_code in (302, 403)
    if role != "anonymous":
        assert response.status_code == 403
    assert ReportBundle.objects.count() == 1


def test_the_report_page_polls_while_rendering_and_stops_when_done(login, world):
    client = login(world.users["secretary"])
    AnnualReport.objects.filter(pk=world.report.pk).update(
        render_status=Render.RENDERING, render_progress=40, render_started_at=timezone.now()
    )
    state = reverse("reports:state", args=[world.branch.pk, 2024])
    page = client.get(state).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="40"' in page
    rendering.render(world.report.pk)
    page = client.get(state).content.decode()
    assert "hx-trigger" not in page and "下载PDF" in page


def test_default_text_is_created_in_chinese(world):
    report = report_for(world.sibling, 2023)
    assert report.title == "乙项目党支部2023年度党建工作总结"
    assert report.sections.count() == 3


def test_saving_the_text_leaves_a_pdf_rendered_meanwhile_alone(login, world):
    client = login(world.users["secretary"])
    url = reverse("reports:edit", args=[world.branch.pk, 2024])
    form = client.get(url).context["form"]
    rendering.render(world.report.pk)  # a worker finishes while the secretary types
    world.report.refresh_from_db()
    pdf, digest = world.report.pdf.name, world.report.pdf_digest
    data = {
        "title": "新标题",
        "version": form["version"].value(),
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        **{f"block_{key}": 2 for key, _label, _section in BLOCKS},
    }
    assert client.post(url, data).status_code == 302
    world.report.refresh_from_db()
    assert world.report.title == "新标题"
    assert (world.report.pdf.name, world.report.pdf_digest) == (pdf, digest)
    assert world.report.pdf.storage.exists(pdf)


def test_a_second_click_while_queued_queues_nothing(world):
    AnnualReport.objects.filter(pk=world.report.pk).update(
        render_status=Render.QUEUED, render_requested_at=timezone.now()
    )
    world.report.refresh_from_db()
    assert request_render(world.report) == "busy"


def test_a_branch_that_held_nothing_reads_what_it_missed(world):
    html = document.html(report_for(world.sibling, 2024))
    assert "全年应落实组织生活要求" in html and "未按期完成的有" in html


def test_only_the_annual_meetings_held_are_named(world):
    MeetingFactory(branch=world.branch, kind="life_meeting", held_on=JAN, topic="组织生活会")
    html = document.html(world.report)
    assert "召开组织生活会1次。" in html
    assert "民主评议党员" not in html and "谈心谈话" not in html.split("附件")[0]
    MeetingFactory(branch=world.branch, kind="appraisal", held_on=JAN, topic="民主评议")
    assert "召开组织生活会1次、民主评议党员1次。" in document.html(world.report)


@pytest.mark.parametrize(
    "url",
    ["/reports/?year=²", "/reports/?year=1999", "/reports/?year=abc"],
)
def test_odd_years_in_the_address_are_ignored(login, world, url):
    assert login(world.users["hq"]).get(url).status_code == 200


def test_a_report_for_a_year_to_come_is_not_found(login, world):
    year = timezone.localdate().year + 1
    response = login(world.users["hq"]).get(reverse("reports:report", args=[world.branch.pk, year]))
    assert response.status_code == 404


# --- figures as of the year's end, the ledgers, the layout -------------------------------

AFTER_THE_YEAR = datetime.date(2025, 3, 1)


def _step(item, move, source, target, day):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Step.objects.create(item=item, move=move, source=source, target=target, at=at)


@pytest.fixture
def closed_in_january(world):
    """A 2024 checklist: one problem closed in 2024, one started in 2024 but closed in
    January 2025, a month after its deadline."""
    checklist = ChecklistFactory(
        branch=world.branch, title="组织生活会问题清单", source="life_meeting", starts_on=JAN
    )
    ItemFactory(
        checklist=checklist,
        owner=world.member,
        found_on=JAN,
        deadline=datetime.date(2024, 3, 31),
        status="closed",
        closed_on=datetime.date(2024, 3, 20),
    )
    late = ItemFactory(
        checklist=checklist,
        owner=world.member,
        problem="年底前未整改完成的问题",
        found_on=JAN,
        deadline=datetime.date(2024, 12, 15),
        status="closed",
        closed_on=datetime.date(2025, 1, 20),
    )
    _step(late, "start", "open", "in_progress", datetime.date(2024, 2, 1))
    _step(late, "submit", "in_progress", "awaiting", datetime.date(2025, 1, 18))
    _step(late, "close", "awaiting", "closed", datetime.date(2025, 1, 20))
    return world


def test_a_past_years_problems_are_counted_as_they_stood_on_31_december(closed_in_january):
    figures = collect(closed_in_january.branch, 2024, today=AFTER_THE_YEAR)
    assert figures.as_of == datetime.date(2024, 12, 31)
    assert (figures.problems["found"], figures.problems["closed"]) == (2, 1)
    assert figures.problems["overdue"] == 1  # past its deadline and open on 31 December
    html = document.html(closed_in_january.report, figures)
    assert "已整改销号1条" in html and "其中1条已超过整改时限" in html
    # In the ledger it is where its steps had left it by then, not closed.
    row = next(row for row in figures.items if row[2] == "年底前未整改完成的问题")
    assert row[6:] == ("整改中", None)


def test_a_past_years_figures_do_not_change_with_the_day_they_are_read(closed_in_january):
    world = closed_in_january
    checklist = world.branch.checklists.get(title="组织生活会问题清单")
    # Found in December, due in February and never closed: overdue only after the year.
    ItemFactory(
        checklist=checklist,
        owner=world.member,
        found_on=datetime.date(2024, 12, 20),
        deadline=datetime.date(2025, 2, 1),
        status="in_progress",
    )
    MilestoneFactory(responsibility=world.zone, due_on=datetime.date(2024, 12, 31))
    read_in_january = collect(world.branch, 2024, today=datetime.date(2025, 1, 15))
    read_later = collect(world.branch, 2024, today=datetime.date(2027, 6, 1))
    assert read_later.problems == read_in_january.problems
    assert read_later.problems["overdue"] == 1  # the one from January 2025, as on 31 December
    assert read_later.nodes == read_in_january.nodes
    assert read_later.items == read_in_january.items


def test_this_years_figures_stand_as_of_today(world):
    checklist = ChecklistFactory(branch=world.branch, source="life_meeting", starts_on=JAN)
    ItemFactory(
        checklist=checklist,
        owner=world.member,
        found_on=JAN,
        deadline=datetime.date(2024, 2, 1),
        status="closed",
        closed_on=datetime.date(2024, 5, 1),
    )
    figures = collect(world.branch, 2024, today=datetime.date(2024, 6, 1))
    assert figures.as_of == datetime.date(2024, 6, 1)
    assert (figures.problems["closed"], figures.problems["overdue"]) == (1, 0)
    assert collect(world.branch, 2024, today=datetime.date(2024, 4, 1)).problems["overdue"] == 1


def test_key_nodes_of_a_past_year_count_as_on_31_december(world):
    zone = world.zone
    for due_on, done_on in [
        (datetime.date(2024, 3, 31), datetime.date(2024, 3, 30)),  # on time
        (datetime.date(2024, 5, 31), datetime.date(2024, 6, 10)),  # late, in the year
        (datetime.date(2024, 11, 30), datetime.date(2025, 1, 10)),  # still open at the end
    ]:
        MilestoneFactory(responsibility=zone, due_on=due_on, done_on=done_on)
    figures = collect(world.branch, 2024, today=AFTER_THE_YEAR)
    assert figures.nodes == {"due": 3, "on_time": 1, "late": 1, "open_late": 1}
    html = document.html(world.report, figures)
    assert "全年3个关键节点中，按期完成1个，延期完成1个，尚未完成1个。" in html


def test_talks_are_counted_in_a_line_not_listed_in_the_ledger_or_the_chart(world, settings):
    MeetingFactory(branch=world.branch, kind="committee", held_on=JAN, topic="一月支委会")
    for number in range(3):
        other = MemberFactory(branch=world.branch, name=f"谈话对象{number}")
        MeetingFactory(
            branch=world.branch,
            kind="talk",
            held_on=JAN,
            topic=f"谈心谈话{number}",
            host=world.secretary,
            interviewee=other,
        )
    figures = collect(world.branch, 2024)
    assert [row[2] for row in figures.meetings] == ["一月支委会"]
    assert figures.per_month[0] == (1, 0)
    assert "开展谈心谈话3人次" in document.html(world.report, figures)  # in the prose
    settings.LANGUAGE_CODE = "en"
    assert "the committee members held 3 talks with members" in document.html(world.report, figures)


def test_ledger_dates_leave_out_the_year_the_title_gives(world, settings):
    settings.LANGUAGE_CODE = "en"
    MeetingFactory(branch=world.branch, kind="committee", held_on=datetime.date(2024, 3, 5))
    checklist = ChecklistFactory(branch=world.branch, starts_on=JAN)
    ItemFactory(
        checklist=checklist,
        owner=world.member,
        found_on=datetime.date(2024, 12, 20),
        deadline=datetime.date(2025, 1, 15),
    )
    html = document.html(world.report)
    assert "2024-03-05" not in html and ">March 5<" in html
    assert "2025<br>January 15" in html  # another year's date: the year on a line above
    with translation.override("en"):
        assert table_date(None, 2024) == ""


def test_honours_and_achievements_go_under_the_sub_sections_chosen(world):
    world.honour.delete()
    day = datetime.date(2024, 6, 1)
    HonourFactory(branch=world.branch, kind="qc_result", awarded_on=day, level="municipal")
    HonourFactory(branch=world.branch, kind="patent", awarded_on=day, quantity=4)
    HonourFactory(branch=world.branch, kind="letter", awarded_on=day, level="client")
    HonourFactory(branch=world.branch, kind="letter", awarded_on=day, quantity=4)
    HonourFactory(branch=world.branch, kind="banner", awarded_on=day, quantity=3)
    report = world.report
    report.placements = {"achievements": 2, "honours": 3}
    report.save()
    sections = document.html(report).split("<h3>")
    second, third = sections[2], sections[3]
    assert "市级QC成果1项" in second and "专利4项" in second
    assert "业主表扬信1篇" in second  # the client's praise is for the contract's performance
    assert "表扬信4篇" in third and "锦旗3面" in third
    assert "锦旗" not in second and "QC成果" not in third


def test_a_safety_check_that_found_other_problems_says_so(year_2024, settings):
    assert collect(year_2024.branch, 2024).safety["only_hazards"]
    checklist = year_2024.branch.checklists.get(title="安全检查清单")
    ItemFactory(checklist=checklist, owner=year_2024.member, found_on=JAN, category="quality")
    figures = collect(year_2024.branch, 2024)
    assert not figures.safety["only_hazards"]
    settings.LANGUAGE_CODE = "en"
    html = document.html(year_2024.report, figures)
    assert "found 4 safety hazards, quality and other problems" in html


def test_the_partners_worked_with_most_come_first(world):
    from branches.models import PartnerOrganization

    # Named so that the alphabet would put them the other way round.
    often, once = (
        PartnerOrganization.objects.create(headquarters=world.committee, name=name)
        for name in ("甲局", "丙村")
    )
    for title in ("联建一", "联建二"):
        ActivityFactory(branch=world.branch, held_on=JAN, title=title).partners.add(often)
    ActivityFactory(branch=world.branch, held_on=JAN).partners.add(once)
    assert collect(world.branch, 2024).joint == {"count": 3, "partners": ["甲局", "丙村"]}


def test_the_hq_list_opens_on_the_latest_year_a_report_was_written(login, world):
    client = login(world.users["hq"])
    last_year = timezone.localdate().year - 1
    assert client.get(reverse("reports:index")).context["year"] == last_year  # none written
    # Years the list offers whatever the day (it goes back six years at least).
    earlier, later = last_year - 2, last_year - 1
    report_for(world.sibling, earlier).sections.filter(number=1).update(text="支部坚持党建引领。")
    opened = report_for(world.branch, later)  # opened, with the default text only
    assert client.get(reverse("reports:index")).context["year"] == earlier
    opened.overview = "支部坚持党建引领。"
    opened.save()
    assert client.get(reverse("reports:index")).context["year"] == later
    assert client.get(f"{reverse('reports:index')}?year={earlier}").context["year"] == earlier
    # A report the user may not see does not choose his year.
    assert login(world.users["other_hq"]).get(reverse("reports:index")).context["year"] == (
        last_year
    )


def test_the_title_page_has_no_running_header_and_kinds_stay_on_one_line(world):
    for month in range(1, 13):
        MeetingFactory(branch=world.branch, kind="committee", held_on=datetime.date(2024, month, 3))
    report = world.report
    report.overview = "支部坚持党建引领。" * 80  # the narrative runs on to a second page
    report.save()
    rendering.render(report.pk)
    reader, _text = pdf_text(report)
    header = "甲项目党支部 · 2024年度党建工作总结"
    pages = [page.extract_text() for page in reader.pages]
    assert header not in pages[0] and all(header in page for page in pages[1:])
    lines = [line.replace(" ", "") for page in pages for line in page.splitlines()]
    assert sum("支部委员会会议" in line for line in lines) >= 12  # never 支部委员会 / 会议


@pytest.mark.parametrize("role", ["secretary", "hq"])
def test_looking_at_a_report_nobody_started_writes_nothing(login, world, role):
    client = login(world.users[role])
    for name in ("report", "state", "preview", "edit", "download"):
        response = client.get(reverse(f"reports:{name}", args=[world.branch.pk, 2023]))
        assert response.status_code in (200, 302, 403)
    client.get(reverse("reports:index") + "?year=2023")
    assert not AnnualReport.objects.filter(year=2023).exists()
    page = client.get(reverse("reports:report", args=[world.branch.pk, 2023])).content.decode()
    assert "未开始" in page and "默认结构" in page
    assert (">开始撰写</button>" in page) == (role == "secretary")


@pytest.mark.parametrize(
    ("role", "status"),
    [("secretary", 302), ("admin", 302), ("hq", 403), ("member", 403), ("other_secretary", 404)],
)
def test_the_secretary_starts_a_report_to_write_it(client, world, role, status):
    client.force_login(world.users[role])
    response = client.post(reverse("reports:start", args=[world.branch.pk, 2023]))
    assert response.status_code == status
    started = AnnualReport.objects.filter(branch=world.branch, year=2023).first()
    assert (started is not None) == (status == 302)
    if started:
        assert response.url == reverse("reports:edit", args=[world.branch.pk, 2023])
        assert started.sections.count() == 3
    assert client.get(reverse("reports:start", args=[world.branch.pk, 2023])).status_code == 405


def test_a_stale_render_shows_as_failed_and_is_recorded_only_when_asked_again(login, world):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    AnnualReport.objects.filter(pk=world.report.pk).update(
        render_status=Render.RENDERING, render_started_at=long_ago
    )
    client = login(world.users["secretary"])
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "未能按时完成" in page and "disabled" not in page.split("生成PDF")[0][-200:]
    world.report.refresh_from_db()
    assert world.report.render_status == Render.RENDERING  # a GET wrote nothing
    client.post(reverse("reports:render", args=[world.branch.pk, 2024]))
    world.report.refresh_from_db()
    assert world.report.render_status == Render.DONE


def test_every_page_tells_the_same_state_of_a_pdf_whose_figures_changed(login, world):
    rendering.render(world.report.pk)
    client = login(world.users["hq"])
    index = reverse("reports:index") + "?year=2024"
    assert "最新" in _state_of(client.get(index), world.branch)
    MeetingFactory(branch=world.branch, held_on=JAN)
    detail = client.get(world.report.get_absolute_url()).content.decode()
    assert "需重新生成" in detail and "台账数据或正文已有变化" in detail
    assert "需重新生成" in _state_of(client.get(index), world.branch)
    assert "render-done" not in _state_of(client.get(index), world.branch)


def _state_of(response, branch):
    """The report list's row of `branch`."""
    rows = response.content.decode().split("<tr>")
    return next(row for row in rows if f"/branches/{branch.pk}/reports/" in row)


def _renamed(partner):
    partner.name = "共建局（新）"
    partner.save()


def _saved_through_form(form_class, record, changes, **form_kwargs):
    """Save `record` the way its page does: its own form, filled in with what the record
    holds, `changes` on top (links are saved after the record, by the form)."""
    unbound = form_class(instance=record, **form_kwargs)
    data = {name: unbound[name].value() for name in unbound.fields}
    data = {name: value for name, value in data.items() if value is not None}
    form = form_class({**data, **changes}, instance=record, **form_kwargs)
    assert form.is_valid(), form.errors
    with transaction.atomic():
        if isinstance(form, VersionedForm):
            form.save_claimed(None)
        else:
            form.save()


def _zone_members(world):
    members = [*world.zone.members.values_list("pk", flat=True), world.secretary.pk]
    _saved_through_form(ResponsibilityForm, world.zone, {"members": members}, branch=world.branch)


def _activity_links(world, field, pks):
    _saved_through_form(ActivityForm, world.activity, {field: pks})


def _report_photos(world):
    """One more of the photos the report's form offers is chosen."""
    report = world.report
    chosen = set(report.photos.values_list("pk", flat=True))
    offered = photos_of_the_year(report.branch, report.year).values_list("pk", flat=True)
    more = next(pk for pk in offered if pk not in chosen)
    _saved_through_form(ReportForm, report, {"photos": [*chosen, more]}, section_count=3)


# Every kind of write to a record a report reads, as the app makes it: (world, a partner
# the branch's activity names). Links are written by the records' forms.
REPORT_INPUTS = {
    "activity": lambda w, p: ActivityFactory(branch=w.branch),
    "honour": lambda w, p: HonourFactory(branch=w.branch),
    "key node": lambda w, p: w.milestone.mark_done(w.users["member"], "完成"),
    "step": lambda w, p: w.item.move("report", w.users["member"], "进展", w.item.steps.count()),
    "study plan topic": lambda w, p: w.plan_item.save(),
    "checklist": lambda w, p: w.checklist.save(),
    "photo removed": lambda w, p: w.photo.remove(w.users["secretary"]),
    "zone's members": lambda w, p: _zone_members(w),
    "activity's partners": lambda w, p: _activity_links(w, "partners", []),
    "activity's members": lambda w, p: _activity_links(w, "members", [w.member.pk]),
    "partner renamed": lambda w, p: _renamed(p),
    "partner deleted": lambda w, p: p.delete(),
    "report text": lambda w, p: w.report.save(),
    "report section": lambda w, p: w.report.sections.first().save(),
    "report photos": lambda w, p: _report_photos(w),
}


@pytest.mark.parametrize("change", REPORT_INPUTS)
def test_every_write_a_report_reads_makes_its_pdf_out_of_date(world, change):
    from branches.models import PartnerOrganization

    def version():
        world.branch.refresh_from_db()
        return world.branch.ledger_version

    partner = PartnerOrganization.objects.create(headquarters=world.committee, name="共建局")
    world.activity.partners.add(partner)
    attach_photo(MeetingFactory(branch=world.branch, held_on=JAN), world.users["secretary"])
    before = version()
    REPORT_INPUTS[change](world, partner)
    assert version() > before
