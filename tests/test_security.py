"""Sessions, the security headers, what is never served, security events in the log, and
user text that stays text in pages, PDFs and spreadsheets."""

import datetime
import io
import logging
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import document

from .factories import MeetingFactory, MemberFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _login(client, username="secretary", password="Secret-pass-123", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_logging_in_starts_a_new_session(client, world):
    client.get(reverse("login"))
    client.session["seen"] = True  # a session before logging in
    client.session.save()
    before = client.cookies["sessionid"].value
    assert _login(client).status_code == 302
    assert client.cookies["sessionid"].value != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logging_out_ends_the_session_on_the_server(client, world):
    _login(client)
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # the old cookie, replayed
    assert client.get(reverse("branches:list")).status_code == 302


def test_a_disabled_user_is_out_at_once_and_for_good(client, world):
    colleague = Client()
    _login(colleague, "secretary")
    _login(client, "member")
    key = client.cookies["sessionid"].value
    assert client.get(reverse("responsibilities:mine")).status_code == 200
    member = world.users["member"]
    member.is_active = False
    member.save()
    assert not Session.objects.filter(session_key=key).exists()
    assert colleague.get(reverse("responsibilities:mine")).status_code == 200
    response = client.get(reverse("responsibilities:mine"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    # Enabled again, he logs in again: the old cookie stays useless.
    member.is_active = True
    member.save()
    client.cookies["sessionid"] = key
    assert client.get(reverse("responsibilities:mine")).status_code == 302


def test_a_session_lasts_eight_hours_from_the_last_request(client, world):
    _login(client)
    key = client.cookies["sessionid"].value
    session = Session.objects.filter(session_key=key)
    idle = datetime.timedelta(hours=8)
    assert abs(session.get().expire_date - (timezone.now() + idle)) < datetime.timedelta(minutes=1)
    # Seven hours later a request keeps it going for eight more.
    session.update(expire_date=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(reverse("branches:list")).status_code == 200
    assert session.get().expire_date > timezone.now() + idle - datetime.timedelta(minutes=1)
    # Eight hours without one, and it is over.
    session.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("branches:list")).status_code == 302


def test_every_page_sends_a_strict_content_security_policy(login, world):
    response = login(world.users["secretary"]).get(
        reverse("overview:branch", args=[world.branch.pk])
    )
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_carry_no_inline_script_or_style():
    templates = list(TEMPLATES.rglob("*.html"))
    assert len(templates) > 40
    for template in templates:
        # Comments may mention what they keep out.
        text = re.sub(
            r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", template.read_text(), flags=re.S
        )
        scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        assert not scripts, f"{template}: inline <script>"
        assert not re.search(r"<style|\sstyle\s*=", text), f"{template}: inline style"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{template}: inline event handler"
        assert "javascript:" not in text, f"{template}: javascript: address"


def test_uploads_are_never_served_from_the_media_url(client, world):
    _login(client)
    path = "/" + settings.MEDIA_URL + world.photo.file.name
    assert client.get(path).status_code == 404
    response = client.get(world.photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Security-Policy"] == "sandbox"


def test_security_events_are_logged_with_user_and_address(client, world, caplog):
    caplog.set_level(logging.INFO, logger="ledger.security")
    _login(client, password="wrong", REMOTE_ADDR="10.1.2.3")
    _login(client, REMOTE_ADDR="10.1.2.3")
    client.get(reverse("branches:edit", args=[world.branch.pk]))  # allowed
    client.force_login(world.users["hq"])
    client.get(reverse("branches:edit", args=[world.branch.pk]))  # refused: HQ only reads
    lines = [record.getMessage() for record in caplog.records if record.name == "ledger.security"]
    assert "login failed user='secretary' address=10.1.2.3" in lines
    assert "login user='secretary' address=10.1.2.3" in lines
    assert any(
        line.startswith("permission denied user='hq'")
        and line.endswith(f"GET '/branches/{world.branch.pk}/edit/'")
        for line in lines
    )


def test_another_branchs_record_and_a_forged_form_are_logged(client, world, caplog):
    caplog.set_level(logging.INFO, logger="ledger.security")
    client.get("/no-such-page/")  # anonymous: only noise, not logged
    client.force_login(world.users["sibling_secretary"])
    meeting = world.meeting.get_absolute_url()
    assert client.get(meeting, REMOTE_ADDR="10.1.2.5").status_code == 404
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(world.users["secretary"])
    edit = reverse("branches:edit", args=[world.branch.pk])
    response = forger.post(edit, {"name": "篡改"}, REMOTE_ADDR="10.1.2.6")
    assert response.status_code == 403
    assert "403_csrf.html" in [template.name for template in response.templates]
    lines = [record.getMessage() for record in caplog.records if record.name == "ledger.security"]
    assert f"not found user='sibling_secretary' address=10.1.2.5 GET '{meeting}'" in lines
    assert (
        f"csrf failed user='secretary' address=10.1.2.6 POST '{edit}' reason='CSRF cookie not set.'"
    ) in lines
    assert not [line for line in lines if "no-such-page" in line]


def test_lockouts_are_logged(client, world, caplog, settings):
    caplog.set_level(logging.INFO, logger="ledger.security")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, password="wrong", REMOTE_ADDR="10.1.2.4")
    lines = [record.getMessage() for record in caplog.records if record.name == "ledger.security"]
    assert any(line.startswith("locked out user='secretary' address=10.1.2.4") for line in lines)


def test_a_forged_line_in_a_user_name_stays_on_its_line(client, world, caplog):
    caplog.set_level(logging.INFO, logger="ledger.security")
    _login(client, "x\nlogin user=admin address=1.2.3.4", "wrong")
    lines = [record.getMessage() for record in caplog.records if record.name == "ledger.security"]
    assert lines and all("\n" not in line for line in lines)


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(client, world, settings):
    from accounts.security_log import client_address

    request = client.get("/").wsgi_request
    request.META |= {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    assert client_address(request) == "10.0.0.1"  # no proxy trusted: the socket's
    settings.TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.9"  # not the spoofable left-most


HOSTILE = "<script>alert('x')</script>"


def test_user_text_is_escaped_in_pages_and_in_the_report(login, world):
    meeting = MeetingFactory(branch=world.branch, topic=HOSTILE, held_on=datetime.date(2024, 3, 1))
    page = login(world.users["secretary"]).get(meeting.get_absolute_url()).content.decode()
    assert HOSTILE not in page and "&lt;script&gt;" in page
    html = document.html(world.report)
    assert HOSTILE not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_spreadsheet_cells_that_look_like_formulas_stay_text(login, world, text):
    MemberFactory(branch=world.branch, name="公式", job=text)
    MeetingFactory(branch=world.branch, topic=text)
    client = login(world.users["secretary"])
    for url in (
        reverse("branches:member_export", args=[world.branch.pk]),
        reverse("activities:meeting_export", args=[world.branch.pk]),
    ):
        sheet = load_workbook(io.BytesIO(client.get(url).content)).worksheets[0]
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == text]
        assert cells and all(cell.data_type == "s" for cell in cells), url


def test_a_huge_user_name_at_login_is_refused_without_error(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = _login(client, "长" * 5000, "wrong")
        assert response.status_code in (200, 429)


def test_every_page_names_an_icon_that_is_served(client, world):
    _login(client)
    page = client.get(reverse("overview:branch", args=[world.branch.pk])).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)[1]
    assert client.get(icon).status_code == 200
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 302 and redirect["Location"] == icon


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\evil.pdf", ".hidden", "a/b.png"])
def test_a_download_is_named_safely_whatever_the_upload_was_called(client, world, name):
    world.photo.original_name = name
    world.photo.save()
    _login(client)
    disposition = unquote(client.get(world.photo.get_absolute_url())["Content-Disposition"])
    filename = re.search(r"filename\*?=(?:utf-8'')?\"?([^\"]+)", disposition)[1]
    assert "/" not in filename and "\\" not in filename and ".." not in filename
    assert not filename.startswith(".") and filename.endswith(f"{world.photo.pk}.png")
