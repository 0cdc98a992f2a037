from django.urls import path

from teenindus.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_index, name="index"),
    path("<int:contact_id>/", views.contact_detail, name="detail"),
    path("<int:contact_id>/close/", views.followup_close, name="followup_close"),
    path("customer/<int:customer_id>/", views.customer_history, name="customer_history"),
    path("customer/<int:customer_id>/new/", views.customer_contact_record, name="customer_record"),
]
