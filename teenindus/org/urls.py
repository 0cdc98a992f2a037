from django.urls import path

from teenindus.org import views

app_name = "org"
urlpatterns = [path("", views.structure, name="structure")]
