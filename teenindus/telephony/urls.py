from django.urls import path

from teenindus.telephony import views

app_name = "telephony"
urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/poll/", views.desk_poll, name="desk_poll"),
    path("desk/state/", views.desk_state, name="desk_state"),
    path("desk/call/<str:action>/", views.desk_call, name="desk_call"),
    path("desk/contact/", views.desk_contact, name="desk_contact"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/now/", views.dashboard_now, name="dashboard_now"),
    path("dashboard/export/<str:table>.<str:file_format>", views.stats_export, name="stats_export"),
]
