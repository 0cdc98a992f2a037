"""The staffing pages of workforce planning (names start with "staffing_")."""

urlpatterns = []
