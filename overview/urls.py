from django.urls import path

from .views import board, branch, member, reminders

app_name = "overview"

urlpatterns = [
    path("board/", board.board, name="board"),
    path("branches/<int:pk>/", branch.branch_detail, name="branch"),
    path("members/<int:pk>/", member.member_detail, name="member"),
    path("notifications/", reminders.notification_list, name="reminders"),
]
