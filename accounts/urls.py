from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .views import PasswordChangeView

# Declared outside Django's views, which check the login (or the CSRF token) before the
# method; every page of the ledger refuses a method it does not take first.
urlpatterns = [
    path(
        "login/",
        require_http_methods(["GET", "POST"])(
            auth_views.LoginView.as_view(redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("logout/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password_change/",
        require_http_methods(["GET", "POST"])(PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        require_GET(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
]
