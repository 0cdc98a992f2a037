import pytest
from django.urls import reverse

from teenindus.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_history_of_a_missing_customer_is_404_and_logs_nothing(client_for, sentinel):
    client = client_for("agent")
    response = client.get(reverse("contacts:customer_history", args=[sentinel.pk + 1000]))
    assert response.status_code == 404
    assert AccessLog.objects.count() == 0


def test_history_of_a_customer_is_a_logged_look(client_for, users, sentinel):
    response = client_for("agent").get(reverse("contacts:customer_history", args=[sentinel.pk]))
    assert response.status_code == 200
    assert AccessLog.objects.filter(customer=sentinel, actor=users["agent"], action="contacts").count() == 1
