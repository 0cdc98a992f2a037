from django.urls import path

from teenindus.people import views

app_name = "people"
urlpatterns = [
    path("", views.jd_list, name="jd_list"),
    path("import/", views.jd_import, name="jd_import"),
    path("jd/<int:pk>/", views.jd_detail, name="jd_detail"),
    path("jd/<int:pk>/v/<int:number>/", views.jd_detail, name="jd_version"),
    path("jd/<int:pk>/v/<int:number>/pdf", views.jd_pdf, name="jd_pdf"),
    path("jd/<int:pk>/v/<int:number>/docx", views.jd_docx, name="jd_docx"),
    path("jd/<int:pk>/v/<int:number>/sign/", views.jd_sign, name="jd_sign"),
    path("jd/<int:pk>/diff/", views.jd_diff, name="jd_diff"),
    path("jd/<int:pk>/review/", views.jd_review, name="jd_review"),
    path("absences/", views.absences, name="absences"),
    path("conversations/", views.conversations, name="conversations"),
    path("conversations/analysis/", views.conversations_analysis, name="analysis"),
    path("conversations/questions/", views.conversation_templates, name="templates"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation"),
]
