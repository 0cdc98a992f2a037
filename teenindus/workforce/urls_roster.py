"""The roster pages of workforce planning (names start with "roster_")."""

urlpatterns = []
