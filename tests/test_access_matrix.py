"""Every URL pattern, asked by every role, answers what DESIGN §6 says.

The world: branch 甲 and its sibling 乙 under one party committee (officer `hq`), and
another committee with its officer `other_hq` and a branch whose secretary is
`other_secretary`. Targets are always 甲's records.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = [
    "anonymous",
    "admin",
    "hq",
    "secretary",
    "member",
    "sibling_secretary",
    "sibling_member",
    "other_hq",
    "other_secretary",
]

OUTSIDERS = {
    "sibling_secretary": 404,
    "sibling_member": 404,
    "other_hq": 404,
    "other_secretary": 404,
}
# Seen by everyone who may look at branch 甲.
READ = {"anonymous": 302, "admin": 200, "hq": 200, "secretary": 200, "member": 200, **OUTSIDERS}
# Changed only by 甲's committee and administrators; HQ and members may look, not touch.
EDIT = {"anonymous": 302, "admin": 200, "hq": 403, "secretary": 200, "member": 403, **OUTSIDERS}
# Committee and HQ above it, not plain members.
OVERSEE = {**EDIT, "hq": 200}
# The member the key node is assigned to may mark it done; HQ may not.
COMPLETE = {**EDIT, "member": 200}
# Closing or sending back a rectification item: the committee and HQ above it.
VERIFY = OVERSEE
# A PDF not rendered yet: those who may download it are sent to render it first.
RENDER_FIRST = OVERSEE | {role: 302 for role, status in OVERSEE.items() if status == 200}
REQUESTER = {role: 404 for role in ROLES} | {"anonymous": 302, "hq": 200}
ANY_USER = {role: 200 for role in ROLES} | {"anonymous": 302}
PUBLIC = {role: 200 for role in ROLES}
# The home page redirects each role to its own start page.
HOME = {role: 302 for role in ROLES}

MATRIX = {
    "home": (lambda w: [], HOME),
    "login": (lambda w: [], PUBLIC | {role: 302 for role in ROLES if role != "anonymous"}),
    "password_change": (lambda w: [], ANY_USER),
    "password_change_done": (lambda w: [], ANY_USER),
    "branches:list": (lambda w: [], ANY_USER),
    "overview:branch": (lambda w: [w.branch.pk], READ),
    "branches:edit": (lambda w: [w.branch.pk], EDIT),
    "branches:group_create": (lambda w: [w.branch.pk], EDIT),
    "branches:partner_add": (lambda w: [w.branch.pk], EDIT),
    "branches:group_edit": (lambda w: [w.group.pk], EDIT),
    "branches:member_list": (lambda w: [w.branch.pk], READ),
    "branches:member_create": (lambda w: [w.branch.pk], EDIT),
    "branches:member_export": (lambda w: [w.branch.pk], OVERSEE),
    "branches:member_import": (lambda w: [w.branch.pk], EDIT),
    "branches:import_template": (lambda w: [], ANY_USER),
    "overview:member": (lambda w: [w.member.pk], READ),
    "branches:member_edit": (lambda w: [w.member.pk], EDIT),
    "branches:member_transfer_out": (lambda w: [w.member.pk], EDIT),
    "responsibilities:mine": (lambda w: [], ANY_USER),
    "responsibilities:list": (lambda w: [w.branch.pk], READ),
    "responsibilities:create": (lambda w: [w.branch.pk], EDIT),
    "responsibilities:detail": (lambda w: [w.zone.pk], READ),
    "responsibilities:edit": (lambda w: [w.zone.pk], EDIT),
    "responsibilities:milestone_create": (lambda w: [w.zone.pk], EDIT),
    "responsibilities:milestone_edit": (lambda w: [w.milestone.pk], EDIT),
    "responsibilities:milestone_done": (lambda w: [w.milestone.pk], COMPLETE),
    "overview:board": (lambda w: [], ANY_USER),
    "activities:compliance": (lambda w: [w.branch.pk], READ),
    "activities:meeting_list": (lambda w: [w.branch.pk], READ),
    "activities:meeting_export": (lambda w: [w.branch.pk], OVERSEE),
    "activities:meeting_create": (lambda w: [w.branch.pk], EDIT),
    "activities:meeting_detail": (lambda w: [w.meeting.pk], READ),
    "activities:meeting_edit": (lambda w: [w.meeting.pk], EDIT),
    "activities:meeting_delete": (lambda w: [w.meeting.pk], EDIT),
    "activities:activity_list": (lambda w: [w.branch.pk], READ),
    "activities:activity_export": (lambda w: [w.branch.pk], OVERSEE),
    "activities:honour_export": (lambda w: [w.branch.pk], OVERSEE),
    "activities:activity_create": (lambda w: [w.branch.pk], EDIT),
    "activities:activity_detail": (lambda w: [w.activity.pk], READ),
    "activities:activity_edit": (lambda w: [w.activity.pk], EDIT),
    "activities:activity_delete": (lambda w: [w.activity.pk], EDIT),
    "activities:honour_list": (lambda w: [w.branch.pk], READ),
    "activities:honour_create": (lambda w: [w.branch.pk], EDIT),
    "activities:honour_detail": (lambda w: [w.honour.pk], READ),
    "activities:honour_edit": (lambda w: [w.honour.pk], EDIT),
    "activities:honour_delete": (lambda w: [w.honour.pk], EDIT),
    "activities:study_plan": (lambda w: [w.branch.pk, 2024], READ),
    "activities:study_item_create": (lambda w: [w.branch.pk, 2024], EDIT),
    "activities:study_item_edit": (lambda w: [w.plan_item.pk], EDIT),
    "activities:study_item_delete": (lambda w: [w.plan_item.pk], EDIT),
    "attachments:file": (lambda w: [w.photo.pk], READ),
    # Asks first: the page that confirms a photo's removal.
    "attachments:delete": (lambda w: [w.photo.pk], EDIT),
    "rectifications:checklist_list": (lambda w: [w.branch.pk], READ),
    "rectifications:checklist_create": (lambda w: [w.branch.pk], EDIT),
    "rectifications:checklist_detail": (lambda w: [w.checklist.pk], READ),
    "rectifications:checklist_edit": (lambda w: [w.checklist.pk], EDIT),
    "rectifications:checklist_export": (lambda w: [w.checklist.pk], OVERSEE),
    "rectifications:item_import": (lambda w: [w.checklist.pk], EDIT),
    "rectifications:import_template": (lambda w: [], ANY_USER),
    "rectifications:item_list": (lambda w: [w.branch.pk], READ),
    "rectifications:item_export": (lambda w: [w.branch.pk], OVERSEE),
    "rectifications:item_create": (lambda w: [w.checklist.pk], EDIT),
    "rectifications:item_detail": (lambda w: [w.item.pk], READ),
    "rectifications:item_edit": (lambda w: [w.item.pk], EDIT),
    # The member owns the item; HQ does not move items forward, it verifies them.
    "rectifications:item_progress": (lambda w: [w.item.pk], COMPLETE),
    "rectifications:item_verify": (lambda w: [w.submitted_item.pk], VERIFY),
    "overview:reminders": (lambda w: [], ANY_USER),
    "reports:index": (lambda w: [], ANY_USER),
    "reports:report": (lambda w: [w.branch.pk, 2024], OVERSEE),
    "reports:edit": (lambda w: [w.branch.pk, 2024], EDIT),
    "reports:state": (lambda w: [w.branch.pk, 2024], OVERSEE),
    "reports:preview": (lambda w: [w.branch.pk, 2024], OVERSEE),
    "reports:download": (lambda w: [w.branch.pk, 2024], RENDER_FIRST),
    # A bundle is its requester's own: nobody else sees it, administrators included.
    "reports:bundle": (lambda w: [w.bundle.pk], REQUESTER),
    "reports:bundle_download": (lambda w: [w.bundle.pk], REQUESTER),
}

# Patterns this matrix does not cover, and why.
EXEMPT = {
    "logout": "POST-only Django view; ends the session, reads no branch data",
    "set_language": "POST-only Django view; stores the language, reads no branch data",
    "attachments:restore": "POST-only; every role is tried in test_attachments.py",
    "rectifications:notifications_read": "POST-only; marks the user's own reminders read",
    "reports:render": "POST-only; every role is tried in reports/test_reports.py",
    "reports:start": "POST-only; every role is tried in reports/test_reports.py",
    "favicon": "a redirect to a static file, the same for everyone (test_security.py)",
    "reports:bundle_create": "POST-only; every role is tried in reports/test_reports.py",
}
EXEMPT_NAMESPACES = {"admin": "Django admin: staff only, guarded by Django itself"}


def _named_patterns(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else repr(pattern)


def test_every_url_pattern_is_in_the_access_matrix():
    names = set(_named_patterns())
    uncovered = names - MATRIX.keys() - EXEMPT.keys()
    assert not uncovered, f"URL patterns missing from the access matrix: {sorted(uncovered)}"
    assert not (MATRIX.keys() - names), "matrix names a pattern that no longer exists"


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_get_answers_as_designed(client, world, name, role):
    args, expected = MATRIX[name]
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(reverse(name, args=args(world)))
    assert response.status_code == expected[role]
    if expected[role] == 302 and role == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", MATRIX)
def test_a_get_writes_nothing(client, world, name):
    """Opening a page, by anyone, changes no record (README: the one read-mark allowed,
    a user's reminders about an item he opens, is tested in test_reminders.py)."""
    args, expected = MATRIX[name]
    before = _snapshot(world)
    for role in ROLES:
        if role != "anonymous":
            client.force_login(world.users[role])
            client.get(reverse(name, args=args(world)))
    assert _snapshot(world) == before


WRITE_CASES = [
    (name, role)
    for name, (_, expected) in MATRIX.items()
    if expected in (EDIT, COMPLETE) or name == "rectifications:item_verify"
    for role in ROLES
    if expected[role] != 200
]


@pytest.mark.parametrize(("name", "role"), WRITE_CASES, ids=[f"{n}-{r}" for n, r in WRITE_CASES])
def test_refused_posts_change_nothing(client, world, name, role):
    args, expected = MATRIX[name]
    if role != "anonymous":
        client.force_login(world.users[role])
    before = _snapshot(world)
    response = client.post(
        reverse(name, args=args(world)),
        {
            "name": "篡改",
            "title": "篡改",
            "note": "篡改",
            "done_on": "2024-01-01",
            "transferred_out_on": "2024-01-01",
            "due_on": "2024-01-01",
            "gender": "male",
            "status": "full",
            "kind": "pioneer_post",
            "group": world.group.pk,
            "leader": world.member.pk,
            "members": [world.sibling_member.pk],
            "committee_role": "secretary",
            "topic": "篡改",
            "held_on": "2024-01-01",
            "month": 1,
            "form": "group_study",
            "awarded_on": "2024-01-01",
            "version": 1,
            "problem": "篡改",
            "category": "safety",
            "owner": world.member.pk,
            "deadline": "2024-01-01",
            "found_on": "2024-01-01",
            "source": "inspection",
            "starts_on": "2024-01-01",
            "move": "close",
            "pasted": "篡改\t安全\t甲党员\t\t\t2024-01-01",
        },
    )
    assert response.status_code == expected[role]
    assert _snapshot(world) == before


def _snapshot(world):
    """Every row of every ledger table, its history and its many-to-many links. Not the
    board's counts: the first board of a year counts it (activities.tallies.cover), and
    what it counts is the ledger as it stands (tests/test_tallies.py)."""
    from django.apps import apps

    from activities.models import MonthTally

    models = [
        model
        for label in (
            "branches",
            "responsibilities",
            "activities",
            "attachments",
            "rectifications",
            "reports",
        )
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model is not MonthTally
    ]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


@pytest.mark.parametrize(
    "role", ["sibling_secretary", "sibling_member", "other_hq", "other_secretary"]
)
def test_lists_show_no_foreign_branch(client, world, role):
    client.force_login(world.users[role])
    for url in [reverse("branches:list"), reverse("responsibilities:mine")]:
        content = client.get(url).content.decode()
        assert world.branch.name not in content
        assert world.zone.name not in content


def test_hq_list_shows_only_its_subtree(client, world):
    client.force_login(world.users["hq"])
    content = client.get(reverse("branches:list")).content.decode()
    assert world.branch.name in content and world.sibling.name in content
    client.force_login(world.users["other_hq"])
    content = client.get(reverse("branches:list")).content.decode()
    assert world.branch.name not in content and world.sibling.name not in content
