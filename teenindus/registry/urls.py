from django.urls import path

from teenindus.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.document_index, name="index"),
    path("mine/", views.documents_mine, name="mine"),
    path("incoming/", views.register_incoming, name="register_in"),
    path("outgoing/", views.register_outgoing, name="register_out"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/edit/", views.document_edit, name="edit"),
    path("<int:document_id>/access/", views.document_restrict, name="restrict"),
    path("<int:document_id>/extend/", views.document_extend, name="extend"),
    path("<int:document_id>/move/", views.document_move, name="move"),
    path("<int:document_id>/files/", views.document_attach, name="attach"),
    path("<int:document_id>/files/<int:file_id>/", views.file_download, name="file"),
    path("<int:document_id>/forward/", views.document_forward, name="forward"),
    path("<int:document_id>/ticket/", views.document_ticket, name="ticket"),
    path("forwardings/<int:forwarding_id>/reply/", views.forwarding_reply, name="forwarding_reply"),
    path("forwardings/<int:forwarding_id>/close/", views.forwarding_close, name="forwarding_close"),
]
