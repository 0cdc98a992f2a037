from django.urls import path

from teenindus.tickets import reports_views, views

app_name = "tickets"
urlpatterns = [
    path("", views.ticket_index, name="index"),
    path("mine/", views.escalations_mine, name="mine"),
    path("new/", views.ticket_new, name="new"),
    path("it/", views.it_report, name="it_report"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("reports/", reports_views.ticket_reports, name="reports"),
    path("reports/export/", reports_views.ticket_reports_export, name="reports_export"),
    path("<int:ticket_id>/", views.ticket_detail, name="detail"),
    path("<int:ticket_id>/edit/", views.ticket_edit, name="edit"),
    path("<int:ticket_id>/move/", views.ticket_move, name="move"),
    path("<int:ticket_id>/assign/", views.ticket_assign, name="assign"),
    path("<int:ticket_id>/comment/", views.ticket_comment, name="comment"),
    path("<int:ticket_id>/attach/", views.ticket_attach, name="attach"),
    path("<int:ticket_id>/files/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:ticket_id>/jira/resend/", views.jira_resend, name="jira_resend"),
]
