from django.urls import path

from teenindus.analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.analysis_index, name="index"),
    path("export.<str:file_format>", views.analysis_export, name="export"),
    path("send/", views.analysis_send, name="send"),
]
