from django.urls import path

from teenindus.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("new/", views.meeting_create, name="create"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting_id>/files/", views.meeting_attach, name="attach"),
    path("<int:meeting_id>/files/<int:file_id>/", views.file_download, name="file"),
    path("<int:meeting_id>/send/", views.summary_send, name="send"),
    path("<int:meeting_id>/read/", views.summary_confirm, name="confirm"),
]
