from django.urls import path

from .views import checklists, items, notifications

app_name = "rectifications"

urlpatterns = [
    path("branches/<int:branch_pk>/checklists/", checklists.checklist_list, name="checklist_list"),
    path(
        "branches/<int:branch_pk>/checklists/new/",
        checklists.checklist_create,
        name="checklist_create",
    ),
    path("branches/<int:branch_pk>/rectification-items/", items.item_list, name="item_list"),
    path(
        "branches/<int:branch_pk>/rectification-items/export/",
        items.item_export,
        name="item_export",
    ),
    path("checklists/import-template/", checklists.import_template, name="import_template"),
    path("checklists/<int:pk>/", checklists.checklist_detail, name="checklist_detail"),
    path("checklists/<int:pk>/edit/", checklists.checklist_edit, name="checklist_edit"),
    path("checklists/<int:pk>/export/", checklists.checklist_export, name="checklist_export"),
    path("checklists/<int:pk>/import/", checklists.item_import, name="item_import"),
    path("checklists/<int:checklist_pk>/items/new/", items.item_create, name="item_create"),
    path("rectification-items/<int:pk>/", items.item_detail, name="item_detail"),
    path("rectification-items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("rectification-items/<int:pk>/progress/", items.item_progress, name="item_progress"),
    path("rectification-items/<int:pk>/verify/", items.item_verify, name="item_verify"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
]
