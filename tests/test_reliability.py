"""Reliability against real services: Redis going away and coming back, PostgreSQL
restarting under load, a worker killed in the middle of the reminders, and many clients
writing at once. Each runs the app under gunicorn as production would."""

import os
import re
import shutil
import signal
import threading
import time
from datetime import timedelta

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from reports.models import AnnualReport, Render

from .conftest import needs
from .fake_smtp import FakeSMTP
from .servers import Browser, Postgres, Redis, manage, running_web
from .workers import pool_children, running_worker, shared_database_url


def session_of(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies["sessionid"].value


def _wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def redis_server():
    needs("redis", shutil.which("redis-server"), "redis-server is not installed")


def test_without_redis_pages_work_and_a_render_says_try_again(
    postgres, redis_server, transactional_db, world
):
    redis = Redis()
    env = {"DATABASE_URL": shared_database_url(), "CELERY_BROKER_URL": redis.url}
    report = world.report
    render = f"/branches/{world.branch.pk}/reports/2024/render/"
    page = f"/branches/{world.branch.pk}/reports/2024/"
    try:
        redis.start()
        with running_web(**env) as port, running_worker("celery", **env):
            browser = Browser(port, session_of("secretary"))
            redis.stop()
            assert browser.get(f"/branches/{world.branch.pk}/")[0] == 200
            started = time.monotonic()
            status, location, _text = browser.request(
                "POST", render, {"csrfmiddlewaretoken": _token(browser, page)}
            )
            assert time.monotonic() - started < 10  # told soon, not left waiting
            assert status == 302
            assert "生成队列暂时不可用" in browser.get(location)[2]
            report.refresh_from_db()
            assert report.render_status == Render.NONE  # nothing half-asked

            redis.start()  # the same web process, the same worker
            status, location, _text = browser.request(
                "POST", render, {"csrfmiddlewaretoken": _token(browser, page)}
            )
            assert status == 302
            _wait_for(
                lambda: AnnualReport.objects.get(pk=report.pk).render_status == Render.DONE,
                90,
                "the render once Redis was back",
            )
    finally:
        redis.stop()


def _token(browser, path):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(path)[2])[1]


SESSION_FOR = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
client = Client()
client.force_login(get_user_model().objects.get(username="{username}"))
print(client.cookies["sessionid"].value)
"""


def test_postgresql_restarting_under_the_app_fails_no_request_after(postgres):
    server = Postgres()
    try:
        server.ctl("start")
        with psycopg.connect(server.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute("CREATE DATABASE ledger")
        env = {"DATABASE_URL": server.url, "DATABASE_CONN_MAX_AGE": "600"}
        manage("migrate", "--no-input", **env)
        manage("load_demo", **env)
        session = manage("shell", "-c", SESSION_FOR.format(username="hq"), **env).split()[-1]
        with running_web(**env) as port:
            browser = Browser(port, session)
            before = [browser.get("/board/")[0] for _ in range(6)]
            assert before == [200] * 6  # both workers hold a connection now
            server.ctl("restart", "-m", "fast")
            after = [browser.get(path)[0] for _ in range(10) for path in ("/board/", "/reports/")]
            assert after == [200] * 20
    finally:
        server.remove()


def test_a_worker_killed_while_mailing_reminders_loses_and_repeats_nothing(
    postgres, redis, transactional_db, world
):
    from rectifications import tasks
    from rectifications.models import Notification

    from .factories import ItemFactory

    for user in world.users.values():
        user.email = f"{user.username}@example.com"
        user.save()
    today = timezone.localdate()
    ItemFactory(checklist=world.checklist, owner=world.member, deadline=today - timedelta(days=1))
    relay = FakeSMTP(hold_first=True)
    queue = f"reminders-kill-{os.getpid()}"
    env = {
        "DATABASE_URL": shared_database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(relay.port),
    }
    try:
        with running_worker(queue, pool="prefork", **env) as worker:
            tasks.send_reminders.apply_async(queue=queue)
            assert relay.holding.wait(60), "the worker never reached the mail relay"
            expected = Notification.objects.count()  # created and committed before mailing
            assert expected >= 2
            for pid in pool_children(worker):
                os.kill(pid, signal.SIGKILL)  # in the middle of the e-mails
            _wait_for(
                lambda: not Notification.objects.filter(emailed_at__isnull=True).exists(),
                90,
                "the reminders to be e-mailed by the next pool process",
            )
        assert Notification.objects.count() == expected  # no reminder given twice
        delivered = sorted(
            recipient for recipients, _ in relay.messages for recipient in recipients
        )
        assert delivered == sorted(set(delivered))  # one e-mail each, none repeated
        assert set(delivered) == set(
            Notification.objects.values_list("recipient__email", flat=True)
        )
    finally:
        relay.close()


CONCURRENCY_SECONDS = float(os.environ.get("LEDGER_CONCURRENCY_SECONDS", "30"))
FIELD = re.compile(r'name="(attendance-status_\d+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


class Writer:
    """One client writing for a while: new meetings, edits of two shared meetings, and
    progress notes on a shared rectification item. It keeps what the server acknowledged."""

    def __init__(self, number, port, session, world, shared, stop_at):
        self.number, self.browser = number, Browser(port, session)
        self.world, self.shared, self.stop_at = world, shared, stop_at
        self.created, self.edits, self.notes, self.conflicts, self.errors = [], [], [], 0, []

    def run(self):
        step = 0
        while time.monotonic() < self.stop_at:
            step += 1
            try:
                (self.create, self.edit, self.report)[step % 3](step)
            except Exception as error:  # noqa: BLE001 (every failure is reported below)
                self.errors.append(f"{type(error).__name__}: {error}")
        self.steps = step

    def _check(self, status, path):
        assert status < 500, f"{status} from {path}"

    def create(self, step):
        path = f"/branches/{self.world.branch.pk}/meetings/new/?kind=committee"
        topic = f"并发会议{self.number}-{step}"
        page = self.browser.get(path)[2]
        data = {name: "present" for name in FIELD.findall(page)}
        data |= {"held_on": timezone.localdate().isoformat(), "topic": topic, "version": ""}
        status, _location, _text = self.browser.post(path, data)
        self._check(status, path)
        if status == 302:
            self.created.append(topic)

    def edit(self, step):
        meeting = self.shared[step % len(self.shared)]
        path = f"/meetings/{meeting}/edit/"
        page = self.browser.get(path)[2]
        version = VERSION.search(page)[1]
        topic = f"修改{self.number}-{step}"
        data = {name: "present" for name in FIELD.findall(page)}
        data |= {"held_on": timezone.localdate().isoformat(), "topic": topic, "version": version}
        status, _location, text = self.browser.post(path, data)
        self._check(status, path)
        if status == 302:
            self.edits.append((meeting, int(version), topic))
        else:
            assert "保存了这条记录" in text, "a refused edit must say why"
            self.conflicts += 1

    def report(self, step):
        item = self.world.item
        page = self.browser.get(f"/rectification-items/{item.pk}/")[2]
        version = VERSION.search(page)[1]
        note = f"进展{self.number}-{step}"
        path = f"/rectification-items/{item.pk}/progress/"
        status, location, _text = self.browser.post(
            path, {"move": "report", "note": note, "version": version}
        )
        self._check(status, path)
        outcome = self.browser.get(location)[2]
        if "已办理“汇报进展”" in outcome:
            self.notes.append(note)
        else:
            assert "在您打开页面之后" in outcome, "a refused move must say why"
            self.conflicts += 1


def test_many_clients_writing_at_once_lose_nothing_and_overwrite_nothing(
    postgres, transactional_db, world
):
    from activities.models import Meeting
    from rectifications.models import Step

    from .factories import MeetingFactory

    shared = [MeetingFactory(branch=world.branch, topic=f"共享会议{n}").pk for n in range(2)]
    start_versions = dict(Meeting.objects.filter(pk__in=shared).values_list("pk", "version"))
    item_version = world.item.version
    with running_web(workers=2, DATABASE_URL=shared_database_url()) as port:
        stop_at = time.monotonic() + CONCURRENCY_SECONDS
        writers = [
            Writer(number, port, session_of("secretary"), world, shared, stop_at)
            for number in range(8)
        ]
        threads = [threading.Thread(target=writer.run) for writer in writers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not [error for writer in writers for error in writer.errors]
    assert all(writer.steps >= 6 for writer in writers)  # every client kept writing

    created = [topic for writer in writers for topic in writer.created]
    assert Meeting.objects.filter(topic__in=created).count() == len(created) > 0
    for meeting in Meeting.objects.filter(pk__in=shared):
        edits = sorted((v, topic) for w in writers for pk, v, topic in w.edits if pk == meeting.pk)
        # Each acknowledged edit started from a different version: none overwrote another.
        assert len({version for version, _topic in edits}) == len(edits)
        assert meeting.version == start_versions[meeting.pk] + len(edits)
        assert meeting.topic == edits[-1][1]
    notes = [note for writer in writers for note in writer.notes]
    steps = Step.objects.filter(item=world.item, move="report")
    assert sorted(steps.values_list("note", flat=True)) == sorted(notes)
    world.item.refresh_from_db()
    assert world.item.version == item_version + len(notes)
    conflicts = sum(writer.conflicts for writer in writers)
    print(
        f"{CONCURRENCY_SECONDS:g} s, 8 clients: {len(created)} meetings created, "
        f"{sum(len(w.edits) for w in writers)} edits and {len(notes)} progress notes "
        f"acknowledged, {conflicts} refused as conflicts"
    )
