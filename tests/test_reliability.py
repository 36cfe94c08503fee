"""Reliability against real services: Redis going away and coming back, PostgreSQL
restarting under load, a worker killed in the middle of the reminders, and many clients
writing at once. Each runs the app under gunicorn as production would."""

import os
import random
import re
import shutil
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
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


def test_postgresql_restarting_under_the_app_fails_no_request_after(postgres, capsys):
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
            with requesting_all_along(port, session) as answers:
                server.ctl("restart", "-m", "fast")
                restarted_at = time.monotonic()
                _wait_for(
                    lambda: sum(started > restarted_at for started, _ in answers) >= 5,
                    60,
                    "requests against the restarted server",
                )
            after = [browser.get(path)[0] for _ in range(10) for path in ("/board/", "/reports/")]
            assert after == [200] * 20
        # Requests in flight while the server went down may fail; none after it is up.
        late = [answer for started, answer in answers if started > restarted_at]
        assert late and set(late) == {200}, late
        during = Counter(answer for started, answer in answers if started <= restarted_at)
        with capsys.disabled():  # the figures belong in CI's output
            print(
                f"\nPostgreSQL restart: {len(answers) - len(late)} requests during it "
                f"({dict(during)}), {len(late) + len(after)} after it, all answered"
            )
    finally:
        server.remove()


@contextmanager
def requesting_all_along(port, session):
    """A client asking for the board again and again while the block runs: yields the
    list of (when it asked, status or error) it fills."""
    answers, done = [], threading.Event()

    def keep_asking():
        while not done.is_set():
            started = time.monotonic()
            try:
                answer = Browser(port, session).get("/board/")[0]
            except OSError as error:
                answer = type(error).__name__
            answers.append((started, answer))

    thread = threading.Thread(target=keep_asking)
    thread.start()
    try:
        time.sleep(0.5)  # requests under way before the restart
        yield answers
    finally:
        done.set()
        thread.join()


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
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
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


CONCURRENCY_SECONDS = float(os.environ.get("LEDGER_CONCURRENCY_SECONDS", "20"))
ATTENDANCE = re.compile(r'name="attendance-status_(\d+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
MOVE_FORM = re.compile(
    r'<form method="post" action="([^"]+)"[^>]*class="move-form">(.*?)</form>', re.S
)
MOVE = re.compile(r'name="move" value="(\w+)"')
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
# Present, and each way of being absent (an "other" absence needs its reason).
ATTENDANCE_CHOICES = [
    ("present", ""),
    ("business", ""),
    ("present", ""),
    ("sick", ""),
    ("personal", ""),
    ("other", "家中有事"),
]
# What a refused step may say: only that the item's status no longer allows it.
# A step is refused when the status no longer allows it, or when someone changed the
# status since the page was opened (he is shown the item again, his note kept).
STATUS_REFUSALS = [
    "该事项当前状态下不能进行这一步操作",
    "选择一个有效的选项",
    "暂无可办理的操作",
    "他人已办理了该事项",
]


def _errors(page):
    """The error and warning messages on a page, to say why something was refused."""
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert)[^"]*"[^>]*>(.*?)</', page, re.S)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in found]


class Writer:
    """One client writing for a while: new meetings and edits of two shared ones, with
    absences on the attendance sheet, and steps on shared rectification items (start,
    report, submit, close, send back, as each item's status allows). It keeps what the
    server acknowledged and what it refused."""

    def __init__(self, number, port, session, world, shared, items, stop_at):
        self.number, self.browser = number, Browser(port, session)
        self.world, self.shared, self.items, self.stop_at = world, shared, items, stop_at
        self.random = random.Random(number)  # noqa: S311 (which step to take, not a secret)
        self.created, self.edits, self.steps = [], [], []
        self.conflicts, self.refused_steps, self.errors = 0, 0, []

    def run(self):
        self.rounds = 0
        while time.monotonic() < self.stop_at:
            self.rounds += 1
            try:
                (self.create, self.edit, self.move)[self.rounds % 3]()
            except Exception as error:  # noqa: BLE001 (every failure is reported below)
                self.errors.append(f"{type(error).__name__}: {error}")

    def _check(self, status, path):
        assert status < 500, f"{status} from {path}"

    def _attendance(self, page):
        """Statuses for the sheet on `page`, absences among them: {member pk: (status, note)}."""
        return {int(pk): self.random.choice(ATTENDANCE_CHOICES) for pk in ATTENDANCE.findall(page)}

    def _meeting_data(self, topic, attendance):
        data = {"held_on": timezone.localdate().isoformat(), "topic": topic}
        for pk, (status, note) in attendance.items():
            data |= {f"attendance-status_{pk}": status, f"attendance-note_{pk}": note}
        return data

    def create(self):
        path = f"/branches/{self.world.branch.pk}/meetings/new/?kind=general"
        topic = f"并发会议{self.number}-{self.rounds}"
        page = self.browser.get(path)[2]
        attendance = self._attendance(page)
        data = self._meeting_data(topic, attendance) | {"version": ""}
        status, _location, _text = self.browser.post(path, data)
        self._check(status, path)
        if status == 302:
            self.created.append((topic, attendance))

    def edit(self):
        meeting = self.random.choice(self.shared)
        path = f"/meetings/{meeting}/edit/"
        page = self.browser.get(path)[2]
        version = VERSION.search(page)[1]
        topic = f"修改{self.number}-{self.rounds}"
        attendance = self._attendance(page)
        data = self._meeting_data(topic, attendance) | {"version": version}
        status, _location, text = self.browser.post(path, data)
        self._check(status, path)
        if status == 302:
            self.edits.append((meeting, int(version), topic, attendance))
        else:
            assert "保存了这条记录" in text, f"an edit refused for no reason: {_errors(text)}"
            self.conflicts += 1

    def move(self):
        """The step the item's page offers (closing it now and then, sending it back
        more often, so that items keep moving)."""
        item = self.random.choice(self.items)
        page = self.browser.get(f"/rectification-items/{item}/")[2]
        forms = {move: form for form in MOVE_FORM.findall(page) for move in MOVE.findall(form[1])}
        if not forms:
            return  # closed
        moves = sorted(forms)
        if "close" in moves:
            moves = ["close"] if self.random.random() < 1 / 3 else ["send_back"]
        move = self.random.choice(moves)
        action, form = forms[move]
        note = f"{move}{self.number}-{self.rounds}"
        data = dict(HIDDEN.findall(form)) | {"move": move, "note": note}
        status, location, text = self.browser.request("POST", action, data)
        self._check(status, action)
        if status == 302:
            text = self.browser.get(location)[2]
        if "已办理“" in text:
            self.steps.append((item, move, note))
        else:
            said = [refusal for refusal in STATUS_REFUSALS if refusal in text]
            assert said, f"{move} on item {item} refused for no reason: {_errors(text)}"
            self.refused_steps += 1


def test_many_clients_writing_at_once_lose_nothing_and_overwrite_nothing(
    postgres, transactional_db, world, capsys
):
    from activities.models import Meeting
    from rectifications.models import Item, Step

    from .factories import ItemFactory, MeetingFactory, MemberFactory

    for number in range(4):  # a sheet of six to mark present or absent
        MemberFactory(branch=world.branch, name=f"并发党员{number}")
    shared = [
        MeetingFactory(branch=world.branch, kind=Meeting.Kind.GENERAL, topic=f"共享会议{n}").pk
        for n in range(2)
    ]
    start_versions = dict(Meeting.objects.filter(pk__in=shared).values_list("pk", "version"))
    items = [world.item.pk, world.submitted_item.pk] + [
        ItemFactory(checklist=world.checklist, owner=world.member).pk for _ in range(6)
    ]
    start_status = dict(Item.objects.filter(pk__in=items).values_list("pk", "status"))
    with running_web(workers=2, DATABASE_URL=shared_database_url()) as port:
        stop_at = time.monotonic() + CONCURRENCY_SECONDS
        writers = [
            Writer(number, port, session_of("secretary"), world, shared, items, stop_at)
            for number in range(8)
        ]
        threads = [threading.Thread(target=writer.run) for writer in writers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not [error for writer in writers for error in writer.errors]
    assert all(writer.rounds >= 6 for writer in writers)  # every client kept writing

    # Every meeting created is there once, with the attendance sheet as sent.
    created = [entry for writer in writers for entry in writer.created]
    meetings = {m.topic: m for m in Meeting.objects.filter(topic__in=[t for t, _ in created])}
    assert len(meetings) == len(created) > 0
    attendance_rows = 0
    for topic, attendance in created:
        attendance_rows += _assert_attendance(meetings[topic], attendance)

    # Each acknowledged edit started from a different version: none overwrote another,
    # and the meeting holds the last one, its attendance sheet included.
    edits = [entry for writer in writers for entry in writer.edits]
    for meeting in Meeting.objects.filter(pk__in=shared):
        own = sorted((version, topic, att) for pk, version, topic, att in edits if pk == meeting.pk)
        assert len({version for version, _topic, _att in own}) == len(own)
        assert meeting.version == start_versions[meeting.pk] + len(own)
        if own:
            assert meeting.topic == own[-1][1]
            attendance_rows += _assert_attendance(meeting, own[-1][2])

    # Every acknowledged step is on its item's timeline exactly once, and the timelines
    # follow the steps there are: no item moved twice from the same status.
    acknowledged = sorted(step for writer in writers for step in writer.steps)
    stored = Step.objects.filter(item__in=items).values_list("item", "move", "note")
    assert sorted(stored) == acknowledged
    for item in Item.objects.filter(pk__in=items):
        status = start_status[item.pk]
        for step in item.steps.order_by("pk"):
            assert step.source == status, f"item {item.pk}: {step.move} from {status}?"
            status = step.target
        assert item.status == status

    refused = sum(writer.refused_steps for writer in writers)
    conflicts = sum(writer.conflicts for writer in writers)
    moves = Counter(move for _item, move, _note in acknowledged)
    with capsys.disabled():  # the figures belong in CI's output
        print(
            f"\n{CONCURRENCY_SECONDS:g} s, 8 clients: {len(created)} meetings created, "
            f"{len(edits)} edits, {len(acknowledged)} steps ({dict(sorted(moves.items()))}) "
            f"acknowledged and found again with {attendance_rows} attendance rows; "
            f"{conflicts} edits refused as conflicts, {refused} steps refused (status changed)"
        )


def _assert_attendance(meeting, attendance):
    """The meeting's attendance rows and counts are those sent; returns how many rows."""
    rows = {row.member_id: (row.status, row.note) for row in meeting.attendance.all()}
    assert rows == attendance, meeting.topic
    meeting.refresh_from_db()
    present = sum(status == "present" for status, _note in attendance.values())
    assert (meeting.expected_count, meeting.present_count) == (len(attendance), present)
    return len(rows)
