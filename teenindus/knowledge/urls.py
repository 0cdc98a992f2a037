from django.urls import path

from teenindus.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.guide_list, name="list"),
    path("mine/", views.guides_mine, name="mine"),
    path("new/", views.guide_new, name="new"),
    path("desk/", views.desk_guides, name="desk"),
    path("link/", views.use_link, name="link"),
    path("from-contact/<int:contact_id>/", views.draft_from_contact, name="draft_from_contact"),
    path("from-ticket/<int:ticket_id>/", views.draft_from_ticket, name="draft_from_ticket"),
    path("<int:guide_id>/", views.guide_detail, name="detail"),
    path("<int:guide_id>/edit/", views.guide_edit, name="edit"),
    path("<int:guide_id>/move/<str:move>/", views.guide_move, name="move"),
    path("<int:guide_id>/diff/<int:number>/", views.guide_diff, name="diff"),
    path("<int:guide_id>/attach/", views.attachment_add, name="attach"),
    path("<int:guide_id>/files/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
