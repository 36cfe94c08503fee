from django.urls import path

from .views import members, organizations

app_name = "branches"

urlpatterns = [
    path("branches/", organizations.branch_list, name="list"),
    path("branches/<int:pk>/edit/", organizations.branch_edit, name="edit"),
    path("branches/<int:branch_pk>/groups/new/", organizations.group_create, name="group_create"),
    path("branches/<int:branch_pk>/partners/new/", organizations.partner_add, name="partner_add"),
    path("groups/<int:pk>/edit/", organizations.group_edit, name="group_edit"),
    path("branches/<int:branch_pk>/members/", members.member_list, name="member_list"),
    path("branches/<int:branch_pk>/members/new/", members.member_create, name="member_create"),
    path("branches/<int:branch_pk>/members/export/", members.member_export, name="member_export"),
    path("branches/<int:branch_pk>/members/import/", members.member_import, name="member_import"),
    path("members/import-template/", members.import_template, name="import_template"),
    path("members/<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer-out/", members.member_transfer_out, name="member_transfer_out"),
]
