from django.urls import path

from teenindus.papers import views

app_name = "papers"
urlpatterns = [
    path("issue/", views.paper_issue, name="issue"),
    path("<int:paper_id>/", views.paper_detail, name="detail"),
    path("<int:paper_id>/pdf/", views.paper_pdf, name="pdf"),
    path("templates/", views.template_index, name="templates"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/preview/", views.template_preview, name="template_preview_form"),
    path("templates/<int:template_id>/", views.template_edit, name="template_edit"),
    path("templates/<int:template_id>/preview/", views.template_preview, name="template_preview"),
]
