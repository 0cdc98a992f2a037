"""Assembles the apps' routers into /api/v1/."""

from ninja import NinjaAPI

from teenindus.accounts.api import router as accounts_router
from teenindus.accounts.api_auth import API_AUTH, docs_guard
from teenindus.core import api_errors
from teenindus.customers.api import router as customers_router
from teenindus.org.api import router as org_router
from teenindus.people.api import router as people_router
from teenindus.telephony.api import router as telephony_router
from teenindus.telephony.api import stats_router

api = NinjaAPI(
    title="Teenindus API",
    version="1",
    description="Customer service: customers, organisation, and (later) contacts, calls and tickets.",
    auth=API_AUTH,
    docs_decorator=docs_guard,
    urls_namespace="api",
)
api_errors.install(api)
api.add_router("/accounts", accounts_router)
api.add_router("/org", org_router)
api.add_router("/customers", customers_router)
api.add_router("/people", people_router)
api.add_router("/telephony", telephony_router)
api.add_router("/stats", stats_router)
