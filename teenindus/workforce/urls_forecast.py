"""The forecast pages of workforce planning (names start with "forecast_")."""

urlpatterns = []
