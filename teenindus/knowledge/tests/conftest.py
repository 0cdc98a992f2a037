import pytest
from django.conf import settings

from teenindus.contacts.models import Topic
from teenindus.telephony.models import Queue


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def topic(db):
    parent = Topic.objects.create(name="Peretoetused", code="peretoetused")
    return Topic.objects.create(name="Lapsetoetus", code="lapsetoetus", parent=parent)


@pytest.fixture
def other_topic(db):
    parent = Topic.objects.create(name="Pensionid", code="pensionid")
    return Topic.objects.create(name="Vanaduspension", code="vanaduspension", parent=parent)


@pytest.fixture
def queue(db):
    return Queue.objects.create(name="peretoetused", title="Peretoetused")
