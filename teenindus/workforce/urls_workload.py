"""The workload pages of workforce planning (names start with "workload_")."""

from django.urls import path

from teenindus.workforce import views_workload

urlpatterns = [
    path("workload/<int:unit_id>/", views_workload.workload_team, name="workload_team"),
    path("workload/<int:unit_id>/pdf/", views_workload.workload_pdf, name="workload_pdf"),
]
