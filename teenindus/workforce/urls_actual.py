"""The actual pages of workforce planning (names start with "actual_")."""

urlpatterns = []
