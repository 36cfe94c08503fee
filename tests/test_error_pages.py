"""The app's own error pages, in Chinese, whatever the settings module; and a refusal
says what is true of the one refused."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import path, reverse

from config.urls import urlpatterns


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("fails/", _fails)]


@pytest.mark.parametrize(
    "module", ["config.settings.development", "config.settings.production", "config.settings.test"]
)
def test_no_settings_module_shows_djangos_debug_pages_unless_asked(module):
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DJANGO_DEBUG",)
    } | {"DJANGO_SETTINGS_MODULE": module, "DJANGO_SECRET_KEY": "x" * 50}
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == "False"


def test_a_logged_in_users_404_is_the_apps_page_in_chinese(login, world):
    response = login(world.users["secretary"]).get(
        reverse("overview:branch", args=[world.sibling.pk])
    )
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "党支部活动台账" in page and "Traceback" not in page


def test_an_error_is_the_apps_page_in_chinese(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/fails/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "出错" in page and 'lang="zh-hans"' in page and "a bug" not in page


@pytest.mark.parametrize(
    ("role", "url", "said"),
    [
        # A member may not even look at the branch's reports: he is not told he may.
        ("member", lambda w: reverse("reports:report", args=[w.branch.pk, 2024]), "年度报告"),
        ("member", lambda w: reverse("branches:member_export", args=[w.branch.pk]), "导出"),
        ("member", lambda w: reverse("branches:edit", args=[w.branch.pk]), "可以查看"),
        ("hq", lambda w: reverse("activities:meeting_create", args=[w.branch.pk]), "可以查看"),
    ],
)
def test_a_refusal_says_what_is_true(login, world, role, url, said):
    response = login(world.users[role]).get(url(world))
    page = response.content.decode()
    assert response.status_code == 403 and said in page
    if said != "可以查看":
        assert "可以查看" not in page
