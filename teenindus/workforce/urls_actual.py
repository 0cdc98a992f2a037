"""The actual pages of workforce planning (names start with "actual_")."""

from django.urls import path

from teenindus.workforce import views_actual

urlpatterns = [
    path("actual/<int:unit_id>/", views_actual.team, name="actual_team"),
    path("actual/<int:unit_id>/month/", views_actual.month, name="actual_month"),
    path("actual/<int:unit_id>/export/<str:file_format>/", views_actual.export, name="actual_export"),
    path("my/hours/", views_actual.own, name="actual_own"),
]
