from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_index, name="index"),
    path("reports/bundles/", views.bundle_create, name="bundle_create"),
    path("reports/bundles/<int:pk>/", views.bundle_detail, name="bundle"),
    path("reports/bundles/<int:pk>/download/", views.bundle_download, name="bundle_download"),
    path("branches/<int:branch_pk>/reports/<int:year>/", views.report_detail, name="report"),
    path("branches/<int:branch_pk>/reports/<int:year>/edit/", views.report_edit, name="edit"),
    path("branches/<int:branch_pk>/reports/<int:year>/state/", views.report_state, name="state"),
    path("branches/<int:branch_pk>/reports/<int:year>/start/", views.report_start, name="start"),
    path("branches/<int:branch_pk>/reports/<int:year>/render/", views.report_render, name="render"),
    path(
        "branches/<int:branch_pk>/reports/<int:year>/preview/", views.report_preview, name="preview"
    ),
    path(
        "branches/<int:branch_pk>/reports/<int:year>/download/",
        views.report_download,
        name="download",
    ),
]
