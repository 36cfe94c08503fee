import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

from .conftest import needs

PO = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_interface_is_chinese_by_default_and_english_on_request(login, world):
    client = login(world.users["secretary"])
    page = client.get(reverse("overview:branch", args=[world.branch.pk])).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "党支部活动台账" in page and "退出登录" in page

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("overview:branch", args=[world.branch.pk])).content.decode()
    assert '<html lang="en">' in page and "Log out" in page


def test_browser_language_does_not_override_the_chinese_default(login, world):
    client = login(world.users["secretary"])
    page = client.get(reverse("home"), follow=True, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in page.content.decode()


def test_dates_read_the_chinese_way(login, world):
    page = (
        login(world.users["secretary"])
        .get(reverse("overview:branch", args=[world.branch.pk]))
        .content.decode()
    )
    assert "2022年5月18日" in page


def test_translation_is_complete_and_compiled():
    catalog = polib.pofile(str(PO))
    assert not catalog.untranslated_entries()
    assert not catalog.fuzzy_entries()
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(PO.with_suffix(".mo")))}
    assert {e.msgid: e.msgstr for e in catalog.translated_entries()}.items() <= compiled.items()


def test_catalog_has_every_string_of_the_source(tmp_path):
    """Extracting the strings afresh finds none that the catalog lacks."""
    needs("gettext", shutil.which("xgettext"), "xgettext (Debian's gettext) is not installed")
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "node_modules",
            "media",
            "staticfiles",
            "*.sqlite3",
            "tests",
            "__pycache__",
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {entry.msgid for entry in polib.pofile(str(copy / PO.relative_to(settings.BASE_DIR)))}
    translated = {entry.msgid for entry in polib.pofile(str(PO)).translated_entries()}
    missing = fresh - translated
    assert not missing, f"strings without a translation (run `make messages`): {sorted(missing)}"


ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")


def _visible_text(page):
    """What the page shows: no tags, attributes (date inputs' values), scripts."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))


def test_no_page_shows_a_date_the_iso_way(login, world):
    from reports import rendering

    world.checklist.meeting = world.meeting
    world.checklist.save()
    rendering.render(world.report.pk)
    urls = {
        "secretary": [
            reverse("overview:branch", args=[world.branch.pk]),
            reverse("rectifications:checklist_create", args=[world.branch.pk]),
            world.checklist.get_absolute_url(),
            reverse("rectifications:checklist_edit", args=[world.checklist.pk]),
            world.item.get_absolute_url(),
            world.meeting.get_absolute_url(),
            world.secretary.get_absolute_url(),
            world.report.get_absolute_url(),
            reverse("overview:reminders"),
        ],
        "hq": [reverse("reports:index") + "?year=2024", world.bundle.get_absolute_url()],
    }
    for role, pages in urls.items():
        client = login(world.users[role])
        for url in pages:
            text = _visible_text(client.get(url).content.decode())
            assert not ISO_DATE.search(text), (url, ISO_DATE.findall(text))
