"""The navigation: each role sees its own work. An item shows when the user holds its permission."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: any role
    description: str = ""


NAV_ITEMS = [
    NavItem(_("Home"), "home", None),
    NavItem(
        _("Customers"),
        "customers:search",
        "customers.view_customer",
        _("Find a person or a company by code, phone, e-mail or name"),
    ),
    NavItem(
        _("Customer contacts"),
        "contacts:index",
        "contacts.add_contact",
        _("Record a visit, letter, e-mail or phone contact; your follow-ups"),
    ),
    NavItem(
        _("Tickets"),
        "tickets:index",
        "tickets.view_ticket",
        _("Escalations to second level: yours, your group's, deadlines and reports"),
    ),
    NavItem(
        _("Document register"),
        "registry:index",
        "registry.view_document",
        _("Incoming and outgoing documents: register, forward, deadlines"),
    ),
    NavItem(
        _("Paper templates"),
        "papers:templates",
        "papers.change_papertemplate",
        _("Paper templates for notices, certificates and decisions"),
    ),
    NavItem(
        _("Forwarded documents"),
        "registry:mine",
        "registry.work_forwarding",
        _("Documents forwarded to you or your unit to answer"),
    ),
    NavItem(
        _("Front desk"),
        "frontdesk:index",
        "frontdesk.view_appointment",
        _("Visitors of the local office: check-in, appointments, desks, waiting-room display, figures"),
    ),
    NavItem(
        _("Agent desktop"),
        "telephony:desk",
        "telephony.view_agent",
        _("Your state, the call in front of you and its contact record"),
    ),
    NavItem(
        _("Guides"),
        "knowledge:list",
        "knowledge.view_guide",
        _("Case guides and answers: search in any word form, by topic and queue; your guides"),
    ),
    NavItem(
        _("Call figures"),
        "telephony:dashboard",
        "telephony.view_call_stats",
        _("Calls waiting now, service level, agents' time, exports"),
    ),
    NavItem(
        _("Contact quality"),
        "quality:index",
        "quality.evaluate_contact",
        _("Evaluate contacts, sampling, calibration, forms, feedback talks, difficult contacts"),
    ),
    NavItem(
        _("My evaluations"),
        "quality:mine",
        "quality.view_evaluation",
        _("Evaluations of your contacts: acknowledge or dispute, your trend per criterion"),
    ),
    NavItem(
        _("Meetings"),
        "meetings:index",
        "meetings.view_meeting",
        _("Meetings and info hours: agendas, summaries to read, decisions"),
    ),
    NavItem(
        _("Information materials"),
        "materials:index",
        "materials.view_material",
        _("Leaflets and materials of the offices: editions, stock checks"),
    ),
    NavItem(
        _("Contact analysis"),
        "analysis:index",
        "analysis.view_contact_analysis",
        _("Contacts by topic, channel and outcome, trends and customer feedback, for the heads of units"),
    ),
    NavItem(
        _("Organisation"),
        "org:structure",
        "org.view_unit",
        _("Units, positions, line managers and substitutes"),
    ),
    NavItem(
        _("Job descriptions"),
        "people:jd_list",
        "people.view_jobdescription",
        _("Every current job description: search, read, compare versions, review and sign"),
    ),
    NavItem(
        _("Conversations"),
        "people:conversations",
        "people.view_jobdescription",
        _("End-of-probation, appraisal and exit conversations you take part in"),
    ),
    NavItem(
        _("Absences"),
        "people:absences",
        "people.view_absence",
        _("Who is away and who stands in for them"),
    ),
    NavItem(
        _("Working time"),
        "workforce:index",
        "workforce.view_shift",
        _("Your shifts; for leads: forecast, staffing, rosters, planned vs actual hours and workload"),
    ),
    NavItem(
        _("API tokens"), "accounts:tokens", "accounts.add_apitoken", _("Personal tokens for machine clients")
    ),
]


def nav_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if item.permission is None or user.has_perm(item.permission):
            items.append(
                {"label": item.label, "url": reverse(item.url_name), "description": item.description}
            )
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "description": ""})
    return items
