from django.urls import path

from teenindus.frontdesk import views

app_name = "frontdesk"
urlpatterns = [
    path("", views.index, name="index"),
    path("visit/<int:visit_id>/", views.visit, name="visit"),
    path("visit/<int:visit_id>/ticket.pdf", views.visit_ticket, name="visit_ticket"),
    path("visit/<int:visit_id>/move/", views.visit_move, name="visit_move"),
    path(
        "appointment/<int:appointment_id>/check-in/", views.appointment_check_in, name="appointment_check_in"
    ),
    path("desk/<int:desk_id>/", views.desk, name="desk"),
    path("desk/<int:desk_id>/sign-in/", views.desk_sign_in, name="desk_sign_in"),
    path("desk/<int:desk_id>/sign-out/", views.desk_sign_out, name="desk_sign_out"),
    path("desk/<int:desk_id>/next/", views.desk_next, name="desk_next"),
    path("<slug:office_code>/", views.office, name="office"),
    path("<slug:office_code>/check-in/", views.check_in, name="check_in"),
    path("<slug:office_code>/appointments/", views.appointment_list, name="appointments"),
    path("<slug:office_code>/figures/", views.figures, name="figures"),
    path("<slug:office_code>/figures/export/", views.figures_export, name="figures_export"),
]

# The waiting-room display (public, mounted at /ootesaal/ by config/urls.py).
display_patterns = (
    [
        path("<slug:office_code>/", views.display, name="display"),
        path("<slug:office_code>/state.json", views.display_state, name="display_state"),
    ],
    "display",
)
