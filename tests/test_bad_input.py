"""Random and hostile input to every form: very long text, control characters, emoji,
HTML and script, impossible dates, negative numbers, ids of other branches' records.
Each example carries at least one value the form must refuse; whatever the rest, the
answer is never a 500 but the form again with a message in Chinese, and nothing is saved.
"""

import re

import pytest
from django.apps import apps
from django.db.models import Count, Max
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LEDGER_APPS = [
    "branches",
    "responsibilities",
    "activities",
    "attachments",
    "rectifications",
    "reports",
]
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "\"'><img src=x onerror=alert(1)>",
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
    ),
)

# url name, its arguments, who posts, and the value each example always gets wrong.
FORMS = [
    ("activities:meeting_create", lambda w: [w.branch.pk], "secretary", "?kind=committee",
     lambda w: {"held_on": "2024-02-30"}),
    ("activities:meeting_edit", lambda w: [w.meeting.pk], "secretary", "",
     lambda w: {"host": w.sibling_member.pk}),
    ("activities:activity_create", lambda w: [w.branch.pk], "secretary", "",
     lambda w: {"held_on": "2024-13-01"}),
    ("activities:honour_create", lambda w: [w.branch.pk], "secretary", "",
     lambda w: {"members": [w.sibling_member.pk]}),
    ("activities:study_item_create", lambda w: [w.branch.pk, 2024], "secretary", "",
     lambda w: {"month": "13"}),
    ("branches:member_create", lambda w: [w.branch.pk], "secretary", "",
     lambda w: {"gender": "unknown"}),
    ("branches:member_edit", lambda w: [w.member.pk], "secretary", "",
     lambda w: {"group": w.sibling.pk}),
    ("branches:group_create", lambda w: [w.branch.pk], "secretary", "",
     lambda w: {"leader": w.sibling_member.pk}),
    ("branches:edit", lambda w: [w.branch.pk], "secretary", "",
     lambda w: {"founded_on": "-1"}),
    ("branches:member_transfer_out", lambda w: [w.member.pk], "secretary", "",
     lambda w: {"transferred_out_on": "2999-01-01"}),
    ("responsibilities:create", lambda w: [w.branch.pk], "secretary", "",
     lambda w: {"members": [w.sibling_member.pk]}),
    ("responsibilities:milestone_create", lambda w: [w.zone.pk], "secretary", "",
     lambda w: {"due_on": "0000-00-00"}),
    ("responsibilities:milestone_done", lambda w: [w.milestone.pk], "member", "",
     lambda w: {"done_on": "2999-01-01"}),
    ("rectifications:checklist_create", lambda w: [w.branch.pk], "secretary", "",
     lambda w: {"meeting": w.sibling_member.pk * 1000 + 7}),
    ("rectifications:item_create", lambda w: [w.checklist.pk], "secretary", "",
     lambda w: {"owner": w.sibling_member.pk}),
    ("rectifications:item_edit", lambda w: [w.item.pk], "secretary", "",
     lambda w: {"deadline": "NaN"}),
    ("rectifications:item_import", lambda w: [w.checklist.pk], "secretary", "",
     lambda w: {"pasted": "问题\t天气\t查无此人\t\t\t不是日期", "file": ""}),
    ("rectifications:item_progress", lambda w: [w.item.pk], "member", "",
     lambda w: {"move": "close"}),
    ("rectifications:item_verify", lambda w: [w.submitted_item.pk], "secretary", "",
     lambda w: {"move": "send_back", "note": ""}),
    ("reports:edit", lambda w: [w.branch.pk, 2024], "secretary", "",
     lambda w: {"block_meetings": "99"}),
]  # fmt: skip
ERROR = re.compile(r'class="[^"]*(invalid-feedback|alert-danger|errorlist)')


def fingerprint():
    """Row counts and the latest change of every ledger table."""
    result = {}
    for label in LEDGER_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            stamp = Max("updated_at") if hasattr(model, "updated_at") else Max("pk")
            result[model._meta.label] = tuple(
                model.objects.aggregate(count=Count("pk"), latest=stamp).values()
            )
    return result


@pytest.mark.parametrize(
    ("name", "args", "role", "query", "wrong"), FORMS, ids=[f[0] for f in FORMS]
)
def test_hostile_input_is_refused_clearly_and_changes_nothing(
    client, world, name, args, role, query, wrong
):
    client.force_login(world.users[role])
    url = reverse(name, args=args(world)) + query
    form = client.get(url).context["form"]
    fields = list(form.fields)
    before = fingerprint()

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def post(data):
        data = {**data, **wrong(world)}
        response = client.post(url, data)
        assert response.status_code == 200, (response.status_code, data)
        page = response.content.decode()
        assert '<html lang="zh-hans">' in page
        assert ERROR.search(page), f"no error shown for {data}"
        assert fingerprint() == before, f"saved something from {data}"

    post()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(username=HOSTILE, password=HOSTILE)
def test_hostile_logins_are_refused_without_error(client, world, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in (200, 429)
