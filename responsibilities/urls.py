from django.urls import path

from . import views

app_name = "responsibilities"

urlpatterns = [
    path("me/", views.mine, name="mine"),
    path("branches/<int:branch_pk>/responsibilities/", views.responsibility_list, name="list"),
    path(
        "branches/<int:branch_pk>/responsibilities/new/",
        views.responsibility_create,
        name="create",
    ),
    path("responsibilities/<int:pk>/", views.responsibility_detail, name="detail"),
    path("responsibilities/<int:pk>/edit/", views.responsibility_edit, name="edit"),
    path(
        "responsibilities/<int:pk>/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
]
