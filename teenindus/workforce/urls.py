"""Workforce planning's pages, one module of patterns per area (names carry the area's prefix)."""

from django.urls import path

from teenindus.workforce import urls_actual, urls_forecast, urls_roster, urls_staffing, urls_workload, views

app_name = "workforce"
urlpatterns = [
    path("", views.index, name="index"),
    *urls_forecast.urlpatterns,
    *urls_staffing.urlpatterns,
    *urls_roster.urlpatterns,
    *urls_actual.urlpatterns,
    *urls_workload.urlpatterns,
]
