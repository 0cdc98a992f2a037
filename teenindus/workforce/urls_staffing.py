"""The staffing pages of workforce planning (names start with "staffing_")."""

from django.urls import path

from teenindus.workforce import views_staffing

urlpatterns = [
    path("teams/<int:unit_id>/settings/", views_staffing.staffing_settings, name="staffing_settings"),
    path("staffing/", views_staffing.staffing_list, name="staffing_list"),
    path("staffing/new/", views_staffing.staffing_create, name="staffing_create"),
    path("staffing/<int:plan_id>/", views_staffing.staffing_detail, name="staffing_detail"),
]
