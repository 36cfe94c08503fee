"""Cross-branch access proven from outside. Each demo role, the administrator included,
crawls what it can reach from its start page (links and form targets, GET only); then
the users of the sibling branch, a member of it, and an officer and a branch secretary of
another 党委 (whose directory holds a partner of the same name) ask for every address
collected: another branch's address answers 403, 404 or a redirect to the login page,
and no page shows another branch's names, members, meetings, activities, honours,
rectification items or partners' contacts. A branch's own member and its HQ ask for the
pages DESIGN §6 keeps from them (the secretary's edit pages): never the form.

A crawl reaches every kind of page (URL pattern) of every organization, but only the
first record of each kind: access is decided per kind of page, and a crawl of every
record would take minutes."""

import os
import re
from collections import deque
from html import unescape
from itertools import chain
from unittest import mock
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from activities.models import Activity, Honour, Meeting, StudyPlan, StudyPlanItem
from attachments.models import Attachment
from branches.models import Member, Officer, Organization, PartnerOrganization, PartyGroup
from devdata.demo.branches import BAIYUN, HUIGANG, PARTNER
from rectifications.models import Checklist, Item
from reports.models import AnnualReport, ReportBundle
from responsibilities.models import Milestone, Responsibility

from .factories import StudyPlanItemFactory, attach_photo
from .test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""(?:href|action|hx-get)="([^"]*)\"""")
SKIP = ("/accounts/logout/", "/i18n/", "/admin/", "/static/")
# Downloads that hold no branch's data: the empty import templates.
GENERIC = ("/members/import-template/", "/checklists/import-template/")
# Markers are cut to this many characters: pages shorten long topics.
MARKER_LENGTH = 12

# Who crawls, as which role of the access matrix.
CRAWLERS = {
    "admin": "admin",
    "hq": "hq",
    "baiyun": "secretary",
    "baiyun_member": "member",
    "huigang": "secretary",
}
# Pages a role may open that no link leads to: one shown after a form (the password
# changed), one polled while a render runs, pages left out of a role's menus, steps on
# items the demo's data does not offer (会港's items are all closed; the first item a
# crawler reaches is the most urgent, which may be overdue rather than awaiting
# verification), and the text and preview of last year's report, which the branch page
# links to and the demo leaves unstarted.
UNLINKED = {"password_change_done", "reports:state"}
UNLINKED_FOR = {
    "admin": {
        "responsibilities:mine",
        "rectifications:item_progress",
        "rectifications:item_verify",
    },
    "hq": {
        "responsibilities:mine",
        "branches:import_template",
        "rectifications:import_template",
        "rectifications:item_verify",
    },
    "baiyun": {
        "overview:board",
        "branches:list",
        "rectifications:item_progress",
        "rectifications:item_verify",
        "reports:edit",
        "reports:preview",
    },
    "baiyun_member": {
        "overview:board",
        "branches:list",
        "branches:import_template",
        "rectifications:import_template",
        "reports:index",
    },
    "huigang": {
        "overview:board",
        "branches:list",
        "rectifications:item_edit",
        "rectifications:item_progress",
        "rectifications:item_verify",
        "reports:edit",
        "reports:preview",
    },
}
# Who asks for the addresses found, and as which role of the access matrix.
ASKERS = {
    "huigang": "secretary",
    "huigang_member": "member",
    "baiyun": "secretary",
    "baiyun_member": "member",
    "other_hq": "hq",
    "other_secretary": "secretary",
    "hq": "hq",
}

# Addresses that name a record by its pk: the record's model and where its branch is.
RECORDS = {
    "overview:branch": (Organization, "pk"),
    "branches:edit": (Organization, "pk"),
    "branches:group_edit": (PartyGroup, "branch"),
    "overview:member": (Member, "branch"),
    "branches:member_edit": (Member, "branch"),
    "branches:member_transfer_out": (Member, "branch"),
    "responsibilities:detail": (Responsibility, "branch"),
    "responsibilities:edit": (Responsibility, "branch"),
    "responsibilities:milestone_create": (Responsibility, "branch"),
    "responsibilities:milestone_edit": (Milestone, "responsibility__branch"),
    "responsibilities:milestone_done": (Milestone, "responsibility__branch"),
    "activities:meeting_detail": (Meeting, "branch"),
    "activities:meeting_edit": (Meeting, "branch"),
    "activities:meeting_delete": (Meeting, "branch"),
    "activities:activity_detail": (Activity, "branch"),
    "activities:activity_edit": (Activity, "branch"),
    "activities:activity_delete": (Activity, "branch"),
    "activities:honour_detail": (Honour, "branch"),
    "activities:honour_edit": (Honour, "branch"),
    "activities:honour_delete": (Honour, "branch"),
    "activities:study_item_edit": (StudyPlanItem, "plan__branch"),
    "activities:study_item_delete": (StudyPlanItem, "plan__branch"),
    "attachments:file": (Attachment, "branch"),
    "attachments:delete": (Attachment, "branch"),
    "rectifications:checklist_detail": (Checklist, "branch"),
    "rectifications:checklist_edit": (Checklist, "branch"),
    "rectifications:checklist_export": (Checklist, "branch"),
    "rectifications:item_import": (Checklist, "branch"),
    "rectifications:item_detail": (Item, "branch"),
    "rectifications:item_edit": (Item, "branch"),
    "rectifications:item_progress": (Item, "branch"),
    "rectifications:item_verify": (Item, "branch"),
}
# A report bundle is its requester's own, whichever branches' reports it holds.
OWN_RECORDS = {"reports:bundle", "reports:bundle_download"}


class Site:
    """The demo as the crawl sees it: who may see which organization, what would give
    each branch away, and each address's organization."""

    def __init__(self, media_root):
        self.media_root = media_root
        users = get_user_model().objects
        self.users = {name: users.get(username=name) for name in [*CRAWLERS, *ASKERS]}
        baiyun = Organization.objects.get(name=BAIYUN["name"])
        huigang = Organization.objects.get(name=HUIGANG["name"])
        elsewhere = Officer.objects.get(user=self.users["other_hq"]).organization
        elsewhere_branch = Member.objects.get(user=self.users["other_secretary"]).branch
        self.sees = {
            "admin": set(Organization.objects.values_list("pk", flat=True)),
            "hq": {baiyun.parent_id, baiyun.pk, huigang.pk},
            "baiyun": {baiyun.pk},
            "baiyun_member": {baiyun.pk},
            "huigang": {huigang.pk},
            "huigang_member": {huigang.pk},
            "other_hq": {elsewhere.pk, elsewhere_branch.pk},
            "other_secretary": {elsewhere_branch.pk},
        }
        texts = {branch.pk: _texts(branch) for branch in (baiyun, huigang, elsewhere_branch)}
        # A text two branches share (a theme day's topic) gives neither away.
        self.markers = {
            pk: sorted(
                {
                    text[:MARKER_LENGTH]
                    for text in own
                    if not any(text[:MARKER_LENGTH] in other for other in _others(texts, pk))
                }
            )
            for pk, own in texts.items()
        }
        self._organizations = {}
        self.reached = {}

    def organization_of(self, url):
        """The pk of the organization whose data the address shows; None for a user's own
        pages (the start page, reminders, the board, the report bundles he asked for)."""
        path = urlsplit(url).path
        if path not in self._organizations:
            self._organizations[path] = _organization_of(path)
        return self._organizations[path]

    def foreign_markers(self, role):
        return [
            marker
            for pk, markers in self.markers.items()
            if pk not in self.sees[role]
            for marker in markers
        ]


def _texts(branch):
    """What only this branch's pages would show."""
    return [
        text
        for text in chain(
            [branch.name, branch.short_name],
            Member.objects.filter(branch=branch).values_list("name", flat=True),
            Meeting.objects.filter(branch=branch).values_list("topic", flat=True),
            Activity.objects.filter(branch=branch).values_list("title", flat=True),
            Honour.objects.filter(branch=branch).values_list("title", flat=True),
            Checklist.objects.filter(branch=branch).values_list("title", flat=True),
            Item.objects.filter(branch=branch).values_list("problem", flat=True),
            branch.partners.values_list("contact_person", flat=True),
            branch.partners.values_list("contact_phone", flat=True),
        )
        if text
    ]


def _others(texts, pk):
    return [text for other, own in texts.items() if other != pk for text in own]


def _organization_of(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if "branch_pk" in match.kwargs:
        return match.kwargs["branch_pk"]
    if "checklist_pk" in match.kwargs:
        return Checklist.objects.get(pk=match.kwargs["checklist_pk"]).branch_id
    if match.view_name in RECORDS:
        model, branch = RECORDS[match.view_name]
        return model.objects.filter(pk=match.kwargs["pk"]).values_list(branch, flat=True).get()
    assert match.view_name in OWN_RECORDS or not match.kwargs, f"{path}: add it to RECORDS"
    return None


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def crawl(site, role):
    """What `role` reaches from the start page by GET, one address of each kind of page:
    {url: (status, content type)}."""
    client = _client(site.users[role])
    found, queue, kinds = {}, deque(["/"]), set()
    while queue:
        url = queue.popleft()
        if url in found:
            continue
        response = client.get(url)
        found[url] = (response.status_code, response.get("Content-Type", ""))
        targets = []
        if response.status_code in (301, 302):
            targets = [response["Location"]]
        elif response.status_code == 200 and "text/html" in found[url][1]:
            targets = [unescape(link) for link in LINK.findall(response.content.decode())]
        for target in targets:
            target = urldefrag(target).url
            parts = urlsplit(target)
            if parts.netloc or not target.startswith("/") or target.startswith(SKIP):
                continue
            kind = _kind(site, target)
            if kind not in kinds:
                kinds.add(kind)
                queue.append(target)
    return found


def _kind(site, url):
    """The kind of page: its URL pattern, and the organization whose page it is."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return (path,)
    return (match.view_name, site.organization_of(url))


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo with a photo on a record of each branch, a member account of 会港 and an
    officer of another 党委, crawled by every role; loaded once, rolled back after."""
    media_root = tmp_path_factory.mktemp("media")
    media = override_settings(MEDIA_ROOT=media_root)
    # Typesetting the PDFs the crawlers download would take most of the time; who gets
    # them is what is tested here (reports/test_reports.py typesets them).
    typesetting = mock.patch("reports.rendering.pdf_of", return_value=(b"%PDF-1.7\n", 1))
    with django_db_blocker.unblock(), transaction.atomic(), media, typesetting:
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        users = get_user_model().objects
        huigang = Member.objects.get(branch__name=HUIGANG["name"], name="张伟")
        huigang.user = users.create_user("huigang_member", password="x")
        huigang.save()
        elsewhere = Organization.objects.create(kind="committee", name="另一集团党委")
        Officer.objects.create(
            user=users.create_user("other_hq", password="x"), organization=elsewhere
        )
        elsewhere_branch = Organization.objects.create(
            name="另一集团某项目党支部", parent=elsewhere
        )
        Member.objects.create(
            branch=elsewhere_branch,
            name="另一书记",
            gender="male",
            joined_on="2010-07-01",
            committee_role="secretary",
            user=users.create_user("other_secretary", password="x"),
        )
        # The same partner in both directories, each with its own contact.
        partner = PartnerOrganization.objects.get(name=PARTNER["name"])
        partner.contact_person, partner.contact_phone = "李科长", "0750-3300001"
        partner.save()
        elsewhere_branch.partners.add(
            PartnerOrganization.objects.create(
                headquarters=elsewhere, name=PARTNER["name"], contact_person="赵主任"
            )
        )
        attach_photo(Meeting.objects.filter(branch__name=BAIYUN["name"]).first())
        # A photo on every meeting of 会港, whichever its secretary's crawl comes to: the
        # page that asks before a photo is removed is one of his.
        for meeting in Meeting.objects.filter(branch__name=HUIGANG["name"]):
            attach_photo(meeting)
        attach_photo(Item.objects.filter(branch__name=HUIGANG["name"]).first())
        # The study plan a crawler reaches first is this year's: give it an item.
        for branch in Organization.objects.branches():
            plan = StudyPlan.objects.get_or_create(branch=branch, year=timezone.localdate().year)
            StudyPlanItemFactory(plan=plan[0])
        bundle = ReportBundle.objects.create(requested_by=users.get(username="hq"), year=2024)
        bundle.reports.set(AnnualReport.objects.filter(year=2024))
        bundle.zip.save("bundle.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
        site = Site(media_root)
        site.reached = {role: crawl(site, role) for role in CRAWLERS}
        yield site
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def crawled_media(media_root, settings, site):
    """The crawled demo's photos and bundle, not the empty folder each test gets."""
    settings.MEDIA_ROOT = site.media_root


def _pages(site):
    """Every address some crawler got a page or a download from."""
    pages = [
        url
        for reached in site.reached.values()
        for url, (status, _type) in reached.items()
        if status == 200
    ]
    return list(dict.fromkeys(pages))  # each once, in the order found


@pytest.mark.parametrize("role", CRAWLERS)
def test_every_role_reaches_every_kind_of_its_pages(site, role, capsys):
    reached = site.reached[role]
    pages = [url for url, (status, _type) in reached.items() if status == 200]
    kinds = {_kind(site, url)[0] for url in pages}
    allowed = {
        name for name, (_args, expected) in MATRIX.items() if expected[CRAWLERS[role]] == 200
    }
    assert allowed - kinds <= UNLINKED | UNLINKED_FOR[role]
    assert {status for status, _type in reached.values()} <= {200, 302, 405}
    with capsys.disabled():
        print(f"\ncrawl: {role} reached {len(pages)} pages in {len(reached)} requests")


def _refused_to_outsiders(response):
    if response.status_code in (403, 404):
        return True
    login = reverse("login")
    return response.status_code == 302 and response["Location"].startswith(login)


def _may_use(site, asker, matrix_role, url):
    """Whether DESIGN §6 lets `asker` open this page of his own organization."""
    match = resolve(urlsplit(url).path)
    if MATRIX[match.view_name][1][matrix_role] != 200:
        return False
    if matrix_role == "member" and match.view_name == "rectifications:item_progress":
        return Item.objects.filter(pk=match.kwargs["pk"], owner__user=site.users[asker]).exists()
    if matrix_role == "member" and match.view_name == "responsibilities:milestone_done":
        milestones = Milestone.objects.filter(responsibility__members__user=site.users[asker])
        return milestones.filter(pk=match.kwargs["pk"]).exists()
    return True


@pytest.mark.parametrize("asker", ASKERS)
def test_nobody_gets_what_is_not_his(site, asker, capsys):
    client = _client(site.users[asker])
    markers = site.foreign_markers(asker)
    own_pages = site.reached.get(asker, {})
    wrong, leaks, requests = [], [], 0
    for url in _pages(site):
        organization = site.organization_of(url)
        if organization is None and url not in own_pages:
            # Someone else's start page, reminders, bundle …: his own, or nothing.
            response = client.get(url, follow=True)
            requests += 1 + len(response.redirect_chain)
            leaks += _leaks(url, response, markers)
        elif organization is not None and organization not in site.sees[asker]:
            response = client.get(url)
            requests += 1
            if not _refused_to_outsiders(response):
                wrong.append((url, response.status_code))
        elif organization is not None and not _may_use(site, asker, ASKERS[asker], url):
            response = client.get(url)
            requests += 1
            if response.status_code not in (302, 403, 404):
                wrong.append((url, response.status_code))
    with capsys.disabled():
        print(f"\ncrawl: {asker} made {requests} requests")
    assert not wrong, wrong[:10]
    assert not leaks, leaks[:10]


def _leaks(url, response, markers):
    if "text/html" not in response.get("Content-Type", ""):
        return [] if url.startswith(GENERIC) else [(url, "a download")]
    text = unescape(response.content.decode())
    shown = [marker for marker in markers if marker in text]
    return [(url, shown[:3])] if shown else []
