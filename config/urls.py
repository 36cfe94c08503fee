from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from overview.views.branch import home

handler403 = "accounts.security_log.permission_denied"
handler404 = "accounts.security_log.page_not_found"

urlpatterns = [
    path("", home, name="home"),
    # Browsers ask for /favicon.ico whatever the page names. Looked up when asked: in
    # production the name carries a hash from collectstatic's manifest.
    path(
        "favicon.ico",
        require_safe(RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
        name="favicon",
    ),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("overview.urls")),
    path("", include("branches.urls")),
    path("", include("responsibilities.urls")),
    path("", include("activities.urls")),
    path("", include("rectifications.urls")),
    path("", include("reports.urls")),
    path("", include("attachments.urls")),
]
