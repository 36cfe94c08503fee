"""Journeys in a real browser: Playwright driving Debian's Chromium against a live server."""

import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from activities.models import Meeting
from branches.demo import DEMO_PASSWORD
from branches.models import Member
from rectifications.models import Item

from .conftest import needs
from .factories import png_bytes

CHROMIUM = Path(os.environ.get("LEDGER_CHROMIUM", "/usr/bin/chromium"))
# Flags for a closed network: no background connections Chromium would try at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    needs("chromium", CHROMIUM.exists(), f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")


def test_secretary_logs_in_and_adds_a_member(chromium, live_server, demo):
    page = chromium.new_page()
    _log_in(page, live_server, "baiyun")
    page.wait_for_selector("h1:has-text('白云轨交项目党支部')")

    page.click("main a:has-text('党员名册')")
    page.click("text=新增党员")
    page.fill("input[name=name]", "邓文静")
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=joined_on]", "2021-06-30")
    page.fill("input[name=full_member_on]", "2022-06-30")
    page.select_option("select[name=group]", label="第二党小组（综合）")
    page.fill("input[name=job]", "材料员")
    page.click("main button[type=submit]")

    page.wait_for_selector("h1:has-text('邓文静')")
    assert "材料员" in page.content()
    member = Member.objects.get(name="邓文静")
    assert member.branch.name == "白云轨交项目党支部"
    assert member.group.name == "第二党小组（综合）"
    page.close()


def test_member_on_a_phone_finds_his_zone_and_next_key_node(chromium, live_server, demo):
    context = chromium.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    _log_in(page, live_server, "baiyun_member")

    page.wait_for_selector("h1:has-text('我的责任')")
    zone = page.locator(".card", has_text="桩基及溶洞处理党员责任区")
    assert zone.is_visible()
    next_node = zone.locator(".milestone-next")
    assert "桩基施工完成" in next_node.inner_text()
    assert "到期" in next_node.inner_text()
    assert page.locator(".card", has_text="溶洞处理技术攻关先锋岗").is_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_secretary_records_a_committee_meeting_and_the_requirement_turns_done(
    chromium, live_server, demo, tmp_path
):
    photo = tmp_path / "支委会.png"
    photo.write_bytes(png_bytes((64, 48)))
    page = chromium.new_page()
    _log_in(page, live_server, "baiyun")
    page.wait_for_selector("h1:has-text('白云轨交项目党支部')")
    this_month = page.locator("#obligations-month li", has_text="支部委员会会议")
    assert "待完成" in this_month.inner_text()

    page.click("main a:has-text('登记会议')")
    page.click("a.list-group-item:has-text('支部委员会会议')")
    page.wait_for_selector("h1:has-text('支部委员会会议')")
    page.fill("input[name=topic]", "研究部署本月安全生产和党建工作")
    page.select_option("select[aria-label=林海涛]", label="缺席：公差")
    page.fill("input[aria-label='林海涛的备注']", "赴广州市住建局办理验收手续")
    page.fill("textarea[name=minutes]", "会议传达了上级精神，研究部署了本月工作。")
    page.set_input_files("input[name=uploads]", str(photo))
    page.click("main button[type=submit]")

    page.wait_for_selector("h1:has-text('研究部署本月安全生产和党建工作')")
    assert "会议已保存" in page.content()
    assert "赴广州市住建局办理验收手续" in page.content()
    assert page.locator("img.attachment-thumb").count() == 1
    meeting = Meeting.objects.get(topic="研究部署本月安全生产和党建工作")
    assert (meeting.expected_count, meeting.present_count) == (5, 4)

    page.click("nav >> text=本支部")
    page.wait_for_selector("h1:has-text('白云轨交项目党支部')")
    this_month = page.locator("#obligations-month li", has_text="支部委员会会议")
    assert "已完成" in this_month.inner_text()
    page.close()


def test_member_on_a_phone_submits_his_rectification_item(chromium, live_server, demo, tmp_path):
    photo = tmp_path / "整改后.png"
    photo.write_bytes(png_bytes((64, 48)))
    context = chromium.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    _log_in(page, live_server, "baiyun_member")

    page.wait_for_selector("h1:has-text('我的责任与任务')")
    task = page.locator(".task-card", has_text="党员先锋岗作用发挥不够均衡")
    assert "整改中" in task.inner_text()
    task.locator("a:has-text('汇报进展')").click()

    page.wait_for_selector("#progress")
    page.fill("#progress textarea[name=note]", "已逐岗修订承诺事项，细化为量化指标并公示。")
    page.set_input_files("#progress input[name=uploads]", str(photo))
    page.click("#progress button[value=submit]")

    page.wait_for_selector("text=该事项当前状态为“待验收”")
    assert page.locator(".timeline img.attachment-thumb").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    item = Item.objects.get(problem__startswith="党员先锋岗作用发挥不够均衡")
    assert item.status == Item.Status.AWAITING
    assert item.steps.last().by.username == "baiyun_member"
    context.close()


def test_hq_downloads_a_branch_report_and_the_zip_of_all_branches(
    chromium, live_server, demo, tmp_path
):
    page = chromium.new_page(accept_downloads=True)
    _log_in(page, live_server, "hq")
    page.wait_for_selector("h1:has-text('组织生活看板')")
    assert page.locator("table.board tbody tr").count() == 2

    page.click("nav >> text=年度报告")
    page.click("main a.btn:has-text('2024')")
    page.wait_for_selector("h1:has-text('2024年度报告')")
    with page.expect_download() as download:
        page.locator("tr", has_text="白云轨交").locator("text=下载PDF").click()
    pdf = tmp_path / "baiyun.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename == "白云轨交-2024年度党建工作总结.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert "打造“三个工程”" in text and "现有党员11人" in text

    page.click("text=打包下载全部")
    page.wait_for_selector("#download-zip")
    with page.expect_download() as download:
        page.click("#download-zip")
    archive = tmp_path / "all.zip"
    download.value.save_as(archive)
    assert sorted(zipfile.ZipFile(archive).namelist()) == [
        "会港大道-2024年度党建工作总结.pdf",
        "白云轨交-2024年度党建工作总结.pdf",
    ]
