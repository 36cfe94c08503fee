from django.contrib import admin
from django.urls import include, path

from branches.views.organizations import home

handler403 = "accounts.security_log.permission_denied"
handler404 = "accounts.security_log.page_not_found"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("branches.urls")),
    path("", include("responsibilities.urls")),
    path("", include("activities.urls")),
    path("", include("rectifications.urls")),
    path("", include("reports.urls")),
    path("", include("attachments.urls")),
]
