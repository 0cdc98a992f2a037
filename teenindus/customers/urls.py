from django.urls import path

from teenindus.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_search, name="search"),
    path("new/person/", views.person_create, name="person_create"),
    path("new/company/", views.company_create, name="company_create"),
    path("<int:customer_id>/", views.customer_detail, name="detail"),
    path("<int:customer_id>/edit/", views.customer_edit, name="edit"),
    path("<int:customer_id>/contacts/", views.contact_point_add, name="contact_point_add"),
    path("<int:customer_id>/addresses/", views.address_add, name="address_add"),
    path("<int:customer_id>/representatives/", views.representation_add, name="representation_add"),
    path("<int:customer_id>/access-log/", views.customer_access_log, name="access_log"),
]
