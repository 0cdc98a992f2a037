from django.urls import path

from teenindus.surveys import views

app_name = "surveys"
urlpatterns = [
    path("contact/<int:contact_id>/", views.contact_surveys, name="contact"),
    path("s/<str:token>/", views.survey_answer, name="answer"),
]
