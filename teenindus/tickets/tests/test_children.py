"""A problem that needs several groups: a child ticket to another group, from the parent's page."""

import pytest

from teenindus.tickets.models import Ticket
from teenindus.tickets.tests.fixtures import dept  # noqa: F401 - the fixture
from teenindus.tickets.tests.helpers import ticket_new

pytestmark = pytest.mark.django_db


def test_a_child_ticket_for_another_group_carries_the_parents_customer(client, dept, users, sentinel):  # noqa: F811
    parent = ticket_new(dept, users, customer_id=sentinel.pk)
    client.force_login(users["agent"])
    page = client.get(f"/tickets/{parent.pk}/")
    assert f"/tickets/new/?parent={parent.pk}" in page.content.decode()
    form = client.get("/tickets/new/", {"parent": parent.pk})
    assert form.status_code == 200 and parent.summary in form.content.decode()
    answer = client.post(
        f"/tickets/new/?parent={parent.pk}",
        {
            "category": dept["it_category"].pk,
            "priority": "normal",
            "summary": "Arvuti ei näe loaregistrit",
            "description": "Loaregistri päring annab vea.",
            "details_office": "Tallinn",
            "details_device": "ARV-1",
            "parent": parent.pk,
        },
    )
    assert answer.status_code == 302
    child = Ticket.objects.exclude(pk=parent.pk).get()
    assert (child.parent_id, child.customer_id, child.group_id) == (parent.pk, sentinel.pk, dept["it"].pk)
    assert f"#{child.pk}" in client.get(f"/tickets/{parent.pk}/").content.decode()  # listed under the parent
    # A parent the user may not see is no parent: 404, nothing made.
    client.force_login(users["info"])
    assert client.get("/tickets/new/", {"parent": parent.pk}).status_code == 404
    assert Ticket.objects.count() == 2
