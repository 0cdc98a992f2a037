"""The roster pages of workforce planning (names start with "roster_")."""

from django.urls import path

from teenindus.workforce import views_roster as views

urlpatterns = [
    path("rosters/", views.roster_list, name="roster_list"),
    path("rosters/new/", views.roster_create, name="roster_create"),
    path("rosters/<int:roster_id>/", views.roster_detail, name="roster_detail"),
    path("rosters/<int:roster_id>/publish/", views.roster_publish, name="roster_publish"),
    path("rosters/<int:roster_id>/solve/", views.roster_solve_again, name="roster_solve_again"),
    path(
        "rosters/<int:roster_id>/shifts/<int:employee_id>/<str:day>/",
        views.roster_shift_edit,
        name="roster_shift_edit",
    ),
    path("teams/<int:unit_id>/templates/", views.roster_templates, name="roster_templates"),
    path("my/", views.roster_my_shifts, name="roster_my_shifts"),
    path("my/days-off/", views.roster_days_off, name="roster_days_off"),
]
