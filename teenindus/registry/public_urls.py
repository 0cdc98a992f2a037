from django.urls import path

from teenindus.registry import public_views

app_name = "registry_public"
urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("avaandmed.json", public_views.public_data_json, name="data_json"),
    path("avaandmed.csv", public_views.public_data_csv, name="data_csv"),
    path("<int:document_id>/", public_views.public_detail, name="detail"),
    path("<int:document_id>/failid/<int:file_id>/", public_views.public_file, name="file"),
]
