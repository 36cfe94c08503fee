"""Cross-branch access proven from outside: each demo role crawls every page it can reach
(links and form targets, GET only); then users of a sibling branch, members and an HQ
officer of another 党委 ask for each of those addresses. None may get another branch's
data: 403, 404 or a redirect to the login page is right, a 200 must show none of it."""

import os
import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from branches.demo import BAIYUN, BAIYUN_MEMBERS, HUIGANG, HUIGANG_MEMBERS
from branches.models import Member, Officer, Organization

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""(?:href|action|hx-get)="([^"]*)\"""")
SKIP = ("/accounts/logout/", "/i18n/", "/admin/", "/static/")
# Downloads that hold no branch's data: the empty import templates.
GENERIC = ("/members/import-template/", "/checklists/import-template/")
# What would give a branch away: its names and its members' names.
MARKERS = {
    "baiyun": [BAIYUN["name"], BAIYUN["short_name"], *(row[0] for row in BAIYUN_MEMBERS)],
    "huigang": [HUIGANG["name"], HUIGANG["short_name"], *(row[0] for row in HUIGANG_MEMBERS)],
}
# Who crawls, whose data that is, and who then tries the addresses found.
CASES = [
    ("baiyun", ["baiyun"], ["huigang", "huigang_member", "other_hq"]),
    ("baiyun_member", ["baiyun"], ["huigang", "huigang_member", "other_hq"]),
    ("huigang", ["huigang"], ["baiyun", "baiyun_member", "other_hq"]),
    ("hq", ["baiyun", "huigang"], ["other_hq"]),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, a member account of 会港 and an officer of another 党委; loaded once and
    rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        users = get_user_model()
        huigang = Member.objects.get(branch__name=HUIGANG["name"], name="张伟")
        huigang.user = users.objects.create_user("huigang_member", password="x")
        huigang.save()
        elsewhere = Organization.objects.create(kind="committee", name="另一集团党委")
        Officer.objects.create(
            user=users.objects.create_user("other_hq", password="x"), organization=elsewhere
        )
        yield
        transaction.set_rollback(True)


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def crawl(client, limit=2500):
    """Every same-site address reachable from the start page by GET: {url: content type}."""
    found, queue, variants = {}, deque(["/"]), {}
    while queue and len(found) < limit:
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
            # Filter and sort links multiply without end: a few of each page are enough.
            if parts.query and variants.setdefault(parts.path, 0) >= 4:
                continue
            variants[parts.path] = variants.get(parts.path, 0) + bool(parts.query)
            queue.append(target)
    return found


@pytest.mark.parametrize(("crawler", "owners", "outsiders"), CASES, ids=[c[0] for c in CASES])
def test_nobody_else_gets_what_a_role_can_reach(demo, crawler, owners, outsiders):
    reached = crawl(_client(crawler))
    pages = [url for url, (status, _type) in reached.items() if status == 200]
    assert len(pages) > 40, f"{crawler} reached only {len(pages)} pages"
    markers = [marker for owner in owners for marker in MARKERS[owner]]
    leaks = []
    for outsider in outsiders:
        client = _client(outsider)
        for url in pages:
            response = client.get(url)
            if response.status_code != 200:
                assert response.status_code in (302, 403, 404, 405), (outsider, url)
                if response.status_code == 302:
                    assert response["Location"].startswith("/"), (outsider, url)
                continue
            if "text/html" not in response.get("Content-Type", ""):
                if not url.startswith(GENERIC):
                    leaks.append((outsider, url, "a download"))
                continue
            text = response.content.decode()
            shown = [marker for marker in markers if marker in text]
            if shown:
                leaks.append((outsider, url, shown[:3]))
    print(f"{crawler}: {len(pages)} pages, tried by {', '.join(outsiders)}")
    assert not leaks, leaks[:10]
