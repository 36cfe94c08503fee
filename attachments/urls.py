from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("attachments/<int:pk>/", views.attachment_file, name="file"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="delete"),
    path("attachments/<int:pk>/restore/", views.attachment_restore, name="restore"),
]
