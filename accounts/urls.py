from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .views import PasswordChangeView

# Declared outside Django's views, which check the login before the method; like
# every page of the ledger, they answer a method they do not take with 405.
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
        require_safe(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
]
