"""Security events, one line each on the `ledger.security` logger: logins, failed logins,
lockouts, refused requests (403), records not found for a logged-in user (404: what
another branch's record answers) and failed CSRF checks, with the user name and the
client's address. Operators route this logger to wherever they keep audit logs
(LOGGING). Values a client chose (a user name, a path) are written quoted, so they
cannot forge a line of their own."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.urls import reverse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.defaults import page_not_found as django_page_not_found
from django.views.defaults import permission_denied as django_permission_denied

logger = logging.getLogger("ledger.security")


def login_username(request, credentials=None):
    """The user name a login tried, as django-axes records it: cut to the length a user
    name can have, so that a megabyte typed into the form is not written to its table."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(name)[:150]


def client_address(request):
    """The client's address: the socket's, or behind TRUSTED_PROXIES reverse proxies the
    one the outermost of them saw (the right-most entries of X-Forwarded-For are theirs;
    anything further left the client could have made up). django-axes uses this too, and
    stores it as an IP address: None when there is no request to tell."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    if settings.TRUSTED_PROXIES:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.TRUSTED_PROXIES:
            address = forwarded[-settings.TRUSTED_PROXIES]
    return address


def _address(request):
    return client_address(request) or "-"


def _logged_in(sender, request, user, **kwargs):
    logger.info("login user=%r address=%s", user.get_username(), _address(request))


def _logged_out(sender, request, user, **kwargs):
    name = user.get_username() if user else "-"
    logger.info("logout user=%r address=%s", name, _address(request))


def _login_failed(sender, credentials, request=None, **kwargs):
    # The password change checks the old password by a login too (accounts.forms).
    changing = request is not None and request.path == reverse("password_change")
    logger.warning(
        "%s user=%r address=%s",
        "password change failed" if changing else "login failed",
        credentials.get("username", "-"),
        _address(request),
    )


def _locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning("locked out user=%r address=%s", username or "-", ip_address or "-")


def _user(request):
    """The logged-in user's name, or None. Django's 404 and CSRF views may run for a
    request no middleware gave a user."""
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else None


def _refused(event, request, extra=""):
    logger.warning(
        "%s user=%r address=%s %s %r%s",
        event,
        _user(request) or "-",
        _address(request),
        request.method,
        request.path,
        extra,
    )


def permission_denied(request, exception):
    """handler403: say who was refused what, then Django's own 403 page (403.html)."""
    _refused("permission denied", request)
    return django_permission_denied(request, exception)


def page_not_found(request, exception):
    """handler404: another branch's record answers 404, so a logged-in user's 404s show
    someone trying other branches' ids. Anonymous ones are left out: they are only
    noise, as an anonymous visitor gets nothing but the login page anyway."""
    if _user(request):
        _refused("not found", request)
    return django_page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form posted from another site, or from a stale page. The
    reason may quote the Origin header the client sent, so it is quoted too."""
    _refused("csrf failed", request, f" reason={reason!r}")
    return django_csrf_failure(request, reason)


def connect():
    """Called once from AccountsConfig.ready()."""
    user_logged_in.connect(_logged_in, dispatch_uid="security-login")
    user_logged_out.connect(_logged_out, dispatch_uid="security-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="security-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="security-locked-out")
