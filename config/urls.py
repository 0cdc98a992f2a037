from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from teenindus.api import api
from teenindus.core import views as core_views
from teenindus.frontdesk.urls import display_patterns

urlpatterns = [
    # First: the phone system calls the API many times a second; it should not try every
    # page's pattern before its own.
    path("api/v1/", api.urls),
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("customers/", include("teenindus.customers.urls")),
    path("org/", include("teenindus.org.urls")),
    path("contacts/", include("teenindus.contacts.urls")),
    path("telephony/", include("teenindus.telephony.urls")),
    path("people/", include("teenindus.people.urls")),
    path("tickets/", include("teenindus.tickets.urls")),
    path("registry/", include("teenindus.registry.urls")),
    path("papers/", include("teenindus.papers.urls")),
    path("frontdesk/", include("teenindus.frontdesk.urls")),
    path("quality/", include("teenindus.quality.urls")),
    path("meetings/", include("teenindus.meetings.urls")),
    path("materials/", include("teenindus.materials.urls")),
    path("guides/", include("teenindus.knowledge.urls")),
    path("ootesaal/", include(display_patterns)),
    path("dokumendiregister/", include("teenindus.registry.public_urls")),
    path("tagasiside/", include("teenindus.surveys.urls")),
    path("analysis/", include("teenindus.analysis.urls")),
    path("workforce/", include("teenindus.workforce.urls")),
    path("accounts/", include("teenindus.accounts.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "teenindus.core.views.permission_denied"
