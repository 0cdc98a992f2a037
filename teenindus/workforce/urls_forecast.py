"""The forecast pages of workforce planning (names start with "forecast_")."""

from django.urls import path

from teenindus.workforce import views_forecast

urlpatterns = [
    path("forecasts/", views_forecast.forecast_list, name="forecast_list"),
    path("forecasts/new/", views_forecast.forecast_create, name="forecast_create"),
    path("forecasts/<int:forecast_id>/", views_forecast.forecast_detail, name="forecast_detail"),
    path("forecasts/<int:forecast_id>/adjust/", views_forecast.forecast_adjust, name="forecast_adjust"),
]
