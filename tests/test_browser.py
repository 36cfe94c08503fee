"""Journeys in a real browser: Playwright driving Debian's Chromium against a live server."""

import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from activities.models import Meeting
from branches.models import Member, Organization
from devdata.demo.branches import DEMO_PASSWORD
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

# axe-core 4.14.1 from npm (MPL-2.0), injected by the tests only: the app never serves it.
AXE_CORE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# Its serious and critical violations, with WCAG 2.2's 24-px target size (off by default).
AXE_VIOLATIONS = """async () => {
  const results = await axe.run(document, {rules: {"target-size": {enabled: true}}});
  return results.violations
    .filter(violation => ["serious", "critical"].includes(violation.impact))
    .map(violation => `${violation.id}: ${violation.nodes.map(node => node.target).join(" | ")}`);
}"""
# Controls shown smaller than 24 × 24 px, too small to tap (WCAG 2.5.8); among them the
# links that edit or delete the row they stand in.
SMALL_CONTROLS = """() => [...document.querySelectorAll(
    "button, .btn, select, input[type=checkbox], input[type=radio], a[href$='/edit/'],"
    + "a[href$='/delete/']"
  )]
  .filter(control => control.checkVisibility())
  .filter(control => {
    const box = control.getBoundingClientRect();
    return box.width < 24 || box.height < 24;
  })
  .map(control => control.outerHTML.slice(0, 120))"""

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


class Pages:
    """The journeys' browser pages. Each page a journey comes to is checked (`check`):
    axe-core finds no serious or critical violation, the page is no wider than the
    screen and its controls can be tapped. Moving on from a page unchecked fails."""

    def __init__(self, browser):
        self.browser = browser
        self.unchecked = {}  # page → the addresses it loaded since it was last checked

    def open(self, **options):
        # axe-core goes in as an inline script, which the Content-Security-Policy refuses.
        page = self.browser.new_context(bypass_csp=True, **options).new_page()
        self.unchecked[page] = []
        page.on("load", lambda loaded: self.unchecked[loaded].append(loaded.url))
        return page

    def check(self, page):
        page.wait_for_load_state()
        passed_by, self.unchecked[page] = self.unchecked[page][:-1], []
        assert not passed_by, f"pages left unchecked: {passed_by}"
        page.add_script_tag(path=AXE_CORE)
        assert page.evaluate(AXE_VIOLATIONS) == [], page.url
        width, screen = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width <= screen, f"{page.url} is {width} px wide on a {screen}-px screen"
        assert page.evaluate(SMALL_CONTROLS) == [], page.url

    def close(self):
        for page in self.unchecked:
            page.context.close()
        passed_by = [url for urls in self.unchecked.values() for url in urls]
        assert not passed_by, f"pages left unchecked: {passed_by}"


@pytest.fixture
def pages(chromium):
    pages = Pages(chromium)
    yield pages
    pages.close()


def _log_in(pages, page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    pages.check(page)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")


def test_secretary_logs_in_and_adds_a_member(pages, live_server, demo):
    page = pages.open()
    _log_in(pages, page, live_server, "baiyun")
    page.wait_for_selector("h1:has-text('白云轨交项目党支部')")
    pages.check(page)

    page.click("main a:has-text('党员名册')")
    page.wait_for_selector("h1:has-text('党员名册')")
    pages.check(page)
    page.click("text=新增党员")
    page.wait_for_selector("input[name=name]")
    pages.check(page)
    page.fill("input[name=name]", "邓文静")
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=joined_on]", "2021-06-30")
    page.fill("input[name=full_member_on]", "2022-06-30")
    page.select_option("select[name=group]", label="第二党小组（综合）")
    page.fill("input[name=job]", "材料员")
    page.click("main button[type=submit]")

    page.wait_for_selector("h1:has-text('邓文静')")
    pages.check(page)
    assert "材料员" in page.content()
    member = Member.objects.get(name="邓文静")
    assert member.branch.name == "白云轨交项目党支部"
    assert member.group.name == "第二党小组（综合）"


def test_member_on_a_phone_finds_his_zone_and_next_key_node(pages, live_server, demo):
    page = pages.open(viewport={"width": 375, "height": 812}, is_mobile=True)
    _log_in(pages, page, live_server, "baiyun_member")

    page.wait_for_selector("h1:has-text('我的责任')")
    pages.check(page)  # nothing wider than the phone's screen, among others
    zone = page.locator(".card", has_text="桩基及溶洞处理党员责任区")
    assert zone.is_visible()
    next_node = zone.locator(".milestone-next")
    assert "桩基施工完成" in next_node.inner_text()
    assert "到期" in next_node.inner_text()
    assert page.locator(".card", has_text="溶洞处理技术攻关先锋岗").is_visible()


def test_secretary_records_a_committee_meeting_and_the_requirement_turns_done(
    pages, live_server, demo, tmp_path
):
    photo = tmp_path / "支委会.png"
    photo.write_bytes(png_bytes((64, 48)))
    page = pages.open()
    _log_in(pages, page, live_server, "baiyun")
    page.wait_for_selector("h1:has-text('白云轨交项目党支部')")
    pages.check(page)
    this_month = page.locator("#obligations-month li", has_text="支部委员会会议")
    assert "待完成" in this_month.inner_text()

    page.click("main a:has-text('登记会议')")
    page.wait_for_selector("a.list-group-item:has-text('支部委员会会议')")
    pages.check(page)
    page.click("a.list-group-item:has-text('支部委员会会议')")
    page.wait_for_selector("h1:has-text('支部委员会会议')")
    pages.check(page)
    page.fill("input[name=topic]", "研究部署本月安全生产和党建工作")
    page.select_option("select[aria-label=林海涛]", label="缺席：公差")
    page.fill("input[aria-label='林海涛的备注']", "赴广州市住建局办理验收手续")
    page.fill("textarea[name=minutes]", "会议传达了上级精神，研究部署了本月工作。")
    page.set_input_files("input[name=uploads]", str(photo))
    page.click("main button[type=submit]")

    page.wait_for_selector("h1:has-text('研究部署本月安全生产和党建工作')")
    pages.check(page)
    assert "会议已保存" in page.content()
    assert "赴广州市住建局办理验收手续" in page.content()
    assert page.locator("img.attachment-thumb").count() == 1
    meeting = Meeting.objects.get(topic="研究部署本月安全生产和党建工作")
    assert (meeting.expected_count, meeting.present_count) == (5, 4)

    page.click("nav >> text=本支部")
    page.wait_for_selector("h1:has-text('白云轨交项目党支部')")
    pages.check(page)
    this_month = page.locator("#obligations-month li", has_text="支部委员会会议")
    assert "已完成" in this_month.inner_text()


def test_member_on_a_phone_submits_his_rectification_item(pages, live_server, demo, tmp_path):
    photo = tmp_path / "整改后.png"
    photo.write_bytes(png_bytes((64, 48)))
    page = pages.open(viewport={"width": 375, "height": 812}, is_mobile=True)
    _log_in(pages, page, live_server, "baiyun_member")

    page.wait_for_selector("h1:has-text('我的责任与任务')")
    pages.check(page)
    task = page.locator(".task-card", has_text="党员先锋岗作用发挥不够均衡")
    assert "整改中" in task.inner_text()
    task.locator("a:has-text('汇报进展')").click()

    page.wait_for_selector("#progress")
    pages.check(page)
    page.fill("#progress textarea[name=note]", "已逐岗修订承诺事项，细化为量化指标并公示。")
    page.set_input_files("#progress input[name=uploads]", str(photo))
    page.click("#progress button[value=submit]")

    page.wait_for_selector("text=该事项当前状态为“待验收”")
    pages.check(page)
    assert page.locator(".timeline img.attachment-thumb").count() == 1
    item = Item.objects.get(problem__startswith="党员先锋岗作用发挥不够均衡")
    assert item.status == Item.Status.AWAITING
    assert item.steps.last().by.username == "baiyun_member"


def test_hq_downloads_a_branch_report_and_the_zip_of_all_branches(
    pages, live_server, demo, tmp_path
):
    page = pages.open(accept_downloads=True)
    _log_in(pages, page, live_server, "hq")
    page.wait_for_selector("h1:has-text('组织生活看板')")
    pages.check(page)
    assert page.locator("table.board tbody tr").count() == 2

    page.click("nav >> text=年度报告")
    page.wait_for_url("**/reports/")
    pages.check(page)
    page.click("main a.btn:has-text('2024')")
    page.wait_for_selector("h1:has-text('2024年度报告')")
    pages.check(page)
    with page.expect_download() as download:
        page.locator("tr", has_text="白云轨交").locator("text=下载PDF").click()
    pdf = tmp_path / "baiyun.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename.endswith("-2024年度党建工作总结.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert "打造“三个工程”" in text and "现有党员11人" in text

    page.click("text=打包下载全部")
    page.wait_for_selector("#download-zip")
    pages.check(page)
    with page.expect_download() as download:
        page.click("#download-zip")
    archive = tmp_path / "all.zip"
    download.value.save_as(archive)
    branches = Organization.objects.filter(short_name__in=["会港大道", "白云轨交"])
    assert sorted(zipfile.ZipFile(archive).namelist()) == sorted(
        f"{branch.short_name}-{branch.pk}-2024年度党建工作总结.pdf" for branch in branches
    )


def test_each_roles_main_pages_pass_axe_and_fit_a_phone(pages, live_server, demo):
    baiyun = Organization.objects.get(name="白云轨交项目党支部")
    huigang = Organization.objects.get(name="会港大道项目部党支部")
    liu_yang = Member.objects.get(user__username="baiyun_member")
    awaiting = Item.objects.get(branch=baiyun, status=Item.Status.AWAITING)
    his_item = Item.objects.get(owner=liu_yang, status=Item.Status.IN_PROGRESS)
    this_year = awaiting.checklist.meeting.held_on.year
    by_role = {
        "baiyun": [
            reverse("overview:branch", args=[baiyun.pk]),
            reverse("branches:edit", args=[baiyun.pk]),
            reverse("branches:member_list", args=[baiyun.pk]),
            reverse("overview:member", args=[liu_yang.pk]),
            reverse("branches:member_import", args=[baiyun.pk]),
            reverse("activities:meeting_list", args=[baiyun.pk]),
            reverse("activities:meeting_detail", args=[awaiting.checklist.meeting.pk]),
            reverse("activities:meeting_create", args=[baiyun.pk]),
            reverse("activities:activity_list", args=[baiyun.pk]),
            reverse("activities:honour_list", args=[baiyun.pk]),
            reverse("activities:study_plan", args=[baiyun.pk, 2024]),
            reverse("activities:study_plan", args=[baiyun.pk, this_year]),
            reverse("activities:compliance", args=[baiyun.pk]),
            reverse("rectifications:checklist_list", args=[baiyun.pk]),
            reverse("rectifications:checklist_detail", args=[awaiting.checklist.pk]),
            reverse("rectifications:item_list", args=[baiyun.pk]),
            reverse("rectifications:item_detail", args=[awaiting.pk]),
            reverse("overview:reminders"),
            reverse("reports:index"),
            reverse("reports:report", args=[baiyun.pk, 2024]),
            reverse("responsibilities:list", args=[baiyun.pk]),
        ],
        "baiyun_member": [
            reverse("responsibilities:mine"),
            reverse("rectifications:item_detail", args=[his_item.pk]),
        ],
        "hq": [
            reverse("overview:board"),
            reverse("overview:board") + "?year=2024",
            reverse("branches:list"),
            reverse("activities:compliance", args=[huigang.pk]) + "?year=2024",
            reverse("reports:index"),
        ],
    }
    for username, addresses in by_role.items():
        page = pages.open()
        _log_in(pages, page, live_server, username)
        pages.check(page)
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            for address in addresses:
                page.goto(live_server.url + address)
                pages.check(page)

    # On the phone, a month of the board opens that month of the branch's grid.
    page.goto(f"{live_server.url}{reverse('overview:board')}?year=2024")
    pages.check(page)
    page.locator("tr", has_text="会港大道").get_by_role("link", name="8月 未完成").click()
    page.wait_for_selector("h1:has-text('2024年组织生活落实情况')")
    pages.check(page)
    assert page.locator("th[aria-current]").inner_text() == "8月"
    assert page.locator("th[aria-current]").is_visible()
