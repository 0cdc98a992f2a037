import pytest

from teenindus.tickets.tests.jira_server import JiraServer


@pytest.fixture
def jira_server():
    """A local JIRA on a free port; `jira_server.config()` gives a JiraConfig that reaches it."""
    with JiraServer() as server:
        yield server
