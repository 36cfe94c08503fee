from django.urls import path

from .views import activities, compliance, honours, meetings, plans

app_name = "activities"

urlpatterns = [
    path("branches/<int:branch_pk>/compliance/", compliance.branch_compliance, name="compliance"),
    path("branches/<int:branch_pk>/meetings/", meetings.meeting_list, name="meeting_list"),
    path(
        "branches/<int:branch_pk>/meetings/export/", meetings.meeting_export, name="meeting_export"
    ),
    path("branches/<int:branch_pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", meetings.meeting_delete, name="meeting_delete"),
    path("branches/<int:branch_pk>/activities/", activities.activity_list, name="activity_list"),
    path(
        "branches/<int:branch_pk>/activities/export/",
        activities.activity_export,
        name="activity_export",
    ),
    path(
        "branches/<int:branch_pk>/activities/new/",
        activities.activity_create,
        name="activity_create",
    ),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("branches/<int:branch_pk>/honours/", honours.honour_list, name="honour_list"),
    path("branches/<int:branch_pk>/honours/export/", honours.honour_export, name="honour_export"),
    path("branches/<int:branch_pk>/honours/new/", honours.honour_create, name="honour_create"),
    path("honours/<int:pk>/", honours.honour_detail, name="honour_detail"),
    path("honours/<int:pk>/edit/", honours.honour_edit, name="honour_edit"),
    path("honours/<int:pk>/delete/", honours.honour_delete, name="honour_delete"),
    path("branches/<int:branch_pk>/study-plan/<int:year>/", plans.study_plan, name="study_plan"),
    path(
        "branches/<int:branch_pk>/study-plan/<int:year>/items/new/",
        plans.study_item_create,
        name="study_item_create",
    ),
    path("study-plan-items/<int:pk>/edit/", plans.study_item_edit, name="study_item_edit"),
    path("study-plan-items/<int:pk>/delete/", plans.study_item_delete, name="study_item_delete"),
]
