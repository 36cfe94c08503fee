"""Every page of the ledger says which HTTP methods it answers, before it asks who is
logging in or looks anything up: a method it does not take gets 405 and touches nothing.
Django's admin and the language switch are Django's own and left out."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

DJANGO_OWN = {"admin", "set_language"}

# Pages that only show something: a POST to them is refused like a PUT.
READ_ONLY = [
    "overview:board",
    "overview:branch",
    "overview:reminders",
    "branches:member_list",
    "activities:meeting_detail",
    "rectifications:item_export",
    "responsibilities:mine",
    "reports:bundle_download",
    "attachments:file",
]


def project_views(patterns=None, namespace=""):
    """(name, callback, kwargs) of every named URL the project itself serves."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name in DJANGO_OWN or entry.namespace in DJANGO_OWN:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from project_views(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name not in DJANGO_OWN:
            converters = entry.pattern.converters
            yield f"{namespace}{entry.name}", entry.callback, dict.fromkeys(converters, 1)


VIEWS = {name: (callback, kwargs) for name, callback, kwargs in project_views()}


def answer(name, method):
    callback, kwargs = VIEWS[name]
    request = RequestFactory().generic(method, "/")
    request.user = AnonymousUser()
    return callback(request, **kwargs)


def test_the_walk_finds_the_pages_of_every_app():
    apps = {name.split(":")[0] for name in VIEWS if ":" in name}
    assert apps >= {
        "overview",
        "branches",
        "activities",
        "responsibilities",
        "rectifications",
        "reports",
        "attachments",
    }
    assert len(VIEWS) > 80


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_every_page_refuses_methods_it_does_not_take(name, method):
    assert answer(name, method).status_code == 405


@pytest.mark.parametrize("name", READ_ONLY)
def test_a_page_that_only_shows_refuses_a_post_and_answers_head(name):
    response = answer(name, "POST")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    # HEAD, as uptime monitors and link checkers ask, is answered like GET.
    assert answer(name, "HEAD").status_code != 405
