import datetime

from axes.models import AccessAttempt
from django.urls import reverse


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_sends_each_role_to_its_start_page(client, world):
    response = _login(client, "secretary", "Secret-pass-123")
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("overview:branch", args=[world.branch.pk])
    client.logout()
    _login(client, "member", "Secret-pass-123")
    assert client.get(reverse("home")).url == reverse("responsibilities:mine")
    client.logout()
    _login(client, "hq", "Secret-pass-123")
    assert client.get(reverse("home")).url == reverse("overview:board")


def test_wrong_password_is_refused_in_chinese(client, world):
    response = _login(client, "secretary", "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def _cool_off(settings):
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(minutes=1)
    )


def test_repeated_failures_lock_the_user_out_for_a_while(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "secretary", "wrong")
    response = _login(client, "secretary", "Secret-pass-123")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # From another address the user name is locked out too.
    other = client.post(
        reverse("login"),
        {"username": "secretary", "password": "Secret-pass-123"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 429
    # After the cool-off the real user gets in again.
    _cool_off(settings)
    assert _login(client, "secretary", "Secret-pass-123").status_code == 302


def test_guessing_many_user_names_from_one_address_is_throttled(client, world, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{number}", "wrong")
    assert _login(client, "member", "Secret-pass-123").status_code == 429
    # Another address is not affected, and the cool-off ends it.
    other = client.post(
        reverse("login"),
        {"username": "member", "password": "Secret-pass-123"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302
    _cool_off(settings)
    client.logout()
    assert _login(client, "member", "Secret-pass-123").status_code == 302


def test_logging_into_an_own_account_does_not_reset_the_addresss_count(client, world, settings):
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, f"guess{number}", "wrong").status_code == 200
    assert _login(client, "member", "Secret-pass-123").status_code == 302
    client.logout()
    # The tenth guess from the address locks it out all the same, for every user name.
    assert _login(client, "guess-again", "wrong").status_code == 429
    assert _login(client, "member", "Secret-pass-123").status_code == 429
    assert _login(client, "secretary", "Secret-pass-123").status_code == 429


def test_logging_in_forgives_the_users_own_mistakes(client, world, settings):
    for _round in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            _login(client, "secretary", "wrong")
        assert _login(client, "secretary", "Secret-pass-123").status_code == 302
        client.logout()


def test_logout_ends_the_session(client, world):
    _login(client, "secretary", "Secret-pass-123")
    client.post(reverse("logout"))
    assert client.get(reverse("branches:list")).status_code == 302


def test_password_change_uses_djangos_validators(client, world):
    _login(client, "secretary", "Secret-pass-123")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Secret-pass-123",
            "new_password1": "password",
            "new_password2": "password",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def _change_password(client, old):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": "Brand-new-77x", "new_password2": "Brand-new-77x"},
    )


def test_wrong_old_passwords_are_throttled_like_logins(client, world, settings, caplog):
    _login(client, "secretary", "Secret-pass-123")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _change_password(client, "guess")
        assert response.status_code == 200 and response.context["form"].errors["old_password"]
    assert _change_password(client, "guess").status_code == 429
    # Locked out: even the right old password changes nothing now, nor logs in.
    response = _change_password(client, "Secret-pass-123")
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    world.users["secretary"].refresh_from_db()
    assert world.users["secretary"].check_password("Secret-pass-123")
    client.logout()
    assert _login(client, "secretary", "Secret-pass-123").status_code == 429
    assert "password change failed user='secretary' address=127.0.0.1" in caplog.messages
    # After the cool-off the password can be changed with the right old one.
    _cool_off(settings)
    _login(client, "secretary", "Secret-pass-123")
    assert _change_password(client, "Secret-pass-123").status_code == 302
    world.users["secretary"].refresh_from_db()
    assert world.users["secretary"].check_password("Brand-new-77x")
