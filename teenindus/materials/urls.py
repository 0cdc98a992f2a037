from django.urls import path

from teenindus.materials import views

app_name = "materials"
urlpatterns = [
    path("", views.material_index, name="index"),
    path("new/", views.material_create, name="create"),
    path("<int:material_id>/", views.material_detail, name="detail"),
    path("<int:material_id>/editions/", views.edition_publish, name="publish"),
    path("<int:material_id>/editions/<int:edition_id>/file/", views.edition_file, name="edition_file"),
    path("<int:material_id>/assign/", views.material_assign, name="assign"),
    path("offices/<int:office_id>/", views.office_holdings, name="office"),
    path("holdings/<int:holding_id>/check/", views.holding_check, name="check"),
    path("holdings/<int:holding_id>/edition/", views.holding_edition, name="edition"),
]
