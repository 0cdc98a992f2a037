from django.urls import path

from teenindus.contacts import views

app_name = "contacts"
urlpatterns = [path("customer/<int:customer_id>/", views.customer_history, name="customer_history")]
