"""Photos on a phone, in a real browser: removing one asks first and can be undone; a form
refused for a missing field keeps the photo chosen and says what to correct, at its top."""

import pytest
from django.contrib.contenttypes.models import ContentType

from activities.models import Meeting
from attachments.models import Attachment
from devdata.demo.branches import BAIYUN

from .factories import png_bytes
from .test_browser import _log_in, chromium, demo, pages  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True}


def test_secretary_on_a_phone_removes_a_photo_and_restores_it(pages, live_server, demo):  # noqa: F811
    photo = Attachment.objects.filter(
        branch__name=BAIYUN["name"], target_type=ContentType.objects.get_for_model(Meeting)
    ).first()
    page = pages.open(**PHONE)
    _log_in(pages, page, live_server, "baiyun")
    page.wait_for_selector("h1")
    pages.check(page)
    page.goto(live_server.url + photo.target.get_absolute_url())
    pages.check(page)
    remove = page.locator(f"a[href='/attachments/{photo.pk}/delete/']")
    assert remove.bounding_box()["height"] >= 44

    remove.click()
    page.wait_for_selector("main button.btn-danger")
    pages.check(page)
    assert Attachment.objects.filter(pk=photo.pk).exists()  # asked, not yet removed
    page.click("main button.btn-danger")
    page.wait_for_selector(f"form[action='/attachments/{photo.pk}/restore/']")
    pages.check(page)
    assert page.locator(f"img[src='/attachments/{photo.pk}/']").count() == 0
    restore = page.locator(f"li:has(form[action='/attachments/{photo.pk}/restore/'])")
    assert photo.original_name in restore.inner_text()

    restore.locator("button").click()
    page.wait_for_selector(f"img[src='/attachments/{photo.pk}/']")
    pages.check(page)
    assert Attachment.objects.filter(pk=photo.pk).exists()


def test_a_refused_meeting_keeps_its_photo_and_leads_to_the_missing_topic(
    pages,  # noqa: F811
    live_server,
    demo,  # noqa: F811
    tmp_path,
):
    photo = tmp_path / "支委会.png"
    photo.write_bytes(png_bytes((64, 48)))
    branch_id = Meeting.objects.filter(branch__name=BAIYUN["name"]).first().branch_id
    page = pages.open(**PHONE)
    _log_in(pages, page, live_server, "baiyun")
    page.wait_for_selector("h1")
    pages.check(page)
    page.goto(f"{live_server.url}/branches/{branch_id}/meetings/new/?kind=committee")
    pages.check(page)
    page.fill("textarea[name=minutes]", "会议研究部署了本月工作。")
    page.set_input_files("input[name=uploads]", str(photo))
    page.click("main button[type=submit]")

    page.wait_for_selector(".error-summary")
    pages.check(page)
    # The summary has the focus, at the top of the form, and leads to the field.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator(".error-summary").bounding_box()["y"] < 812
    page.click(".error-summary a[href='#id_topic']")
    assert page.evaluate("document.activeElement.id") == "id_topic"
    assert "支委会.png" in page.locator(".kept-uploads").inner_text()

    page.fill("input[name=topic]", "研究部署本月工作")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('研究部署本月工作')")
    pages.check(page)
    meeting = Meeting.objects.get(topic="研究部署本月工作")
    assert Attachment.objects.of(meeting).get().original_name == "支委会.png"
