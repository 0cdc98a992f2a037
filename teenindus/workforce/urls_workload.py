"""The workload pages of workforce planning (names start with "workload_")."""

urlpatterns = []
