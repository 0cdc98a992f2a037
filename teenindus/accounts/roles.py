"""Roles are Django groups; this module is the one place that says what each role may do.

`roles_sync()` runs after every migrate, so every database (including the test one) has them.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

AGENT = "Kliendinõustaja"
INFO_SPECIALIST = "Infospetsialist"
TEAM_LEAD = "Talitusejuhataja"
SERVICE_MANAGER = "Klienditeeninduse juht"
SENIOR_SPECIALIST = "Vanemspetsialist"
SECOND_LEVEL = "II tase"
HR_PARTNER = "Personalipartner"
ADMINISTRATOR = "Administraator"
PHONE_SYSTEM = "Telefonisüsteem"

_CUSTOMER_WORK = [
    "customers.view_customer",
    "customers.add_customer",
    "customers.change_customer",
]
_ORG_READ = ["org.view_unit", "org.view_position", "org.view_employee"]
_ORG_WRITE = [
    f"org.{action}_{model}"
    for model in ("unit", "position", "employee", "employment")
    for action in ("add", "change", "view")
]
_PERSON_LOG = ["audit.view_accesslog"]
# Every member of staff reads every current job description.
_JOB_DESCRIPTIONS = ["people.view_jobdescription"]
# Line managers review their people's job descriptions, record absences and hold conversations.
_MANAGER_PEOPLE = [
    "people.review_jobdescription",
    "people.view_absence",
    "people.add_absence",
    "people.view_conversation",
    "people.add_conversation",
    "people.change_conversation",
]
_HR_PEOPLE = _MANAGER_PEOPLE + [
    "people.add_jobdescription",
    "people.change_jobdescription",
    "people.change_absence",
    "people.analyse_conversation",
    "people.view_conversationtemplate",
    "people.change_conversationtemplate",
]
_AGENT_DESK = ["telephony.view_agent", "contacts.add_contact", "contacts.view_contact"]
# First level escalates to second level and follows its tickets; second level works its groups'.
_ESCALATE = ["tickets.add_ticket", "tickets.view_ticket"]
_SECOND_LEVEL_WORK = ["tickets.view_ticket", "tickets.work_ticket"]
_OVERSEE_TICKETS = ["tickets.oversee_ticket", "tickets.work_ticket"]
# The document register: info specialists register and forward, agents read it, leads also see
# their units' due lists, second level answers what is forwarded to them or their unit.
_REGISTRY_READ = ["registry.view_document"]
_REGISTRY_WORK = ["registry.view_document", "registry.add_document", "registry.change_document"]
_REGISTRY_OVERSEE = _REGISTRY_WORK + ["registry.oversee_document"]
_REGISTRY_FORWARDED = ["registry.work_forwarding"]
# Issued papers (notices, certificates, decisions): the desk, agents and leads issue them; leads
# and service managers write their templates.
_PAPERS_ISSUE = ["papers.issue_paper"]
_PAPERS_TEMPLATES = ["papers.view_papertemplate", "papers.add_papertemplate", "papers.change_papertemplate"]
# The front desk of a local office: the info specialist checks visitors in, books appointments and
# works a desk; an agent books appointments for callers; leads see every office and its figures.
_BOOK_VISIT = ["frontdesk.add_appointment", "frontdesk.view_appointment"]
_FRONT_DESK = _BOOK_VISIT + ["frontdesk.add_visit", "frontdesk.view_visit", "frontdesk.work_desk"]
_FRONT_DESK_FIGURES = _FRONT_DESK + ["frontdesk.view_visit_stats"]
# Contact quality: agents see their own evaluations and flag difficult contacts; team leads and
# senior specialists evaluate their unit's contacts and build the forms; the service manager sees all.
_QUALITY_OWN = ["quality.view_evaluation", "quality.add_difficultcontact"]
_QUALITY_EVALUATE = _QUALITY_OWN + ["quality.evaluate_contact"]
# Meetings and info hours: leads hold them and send the summaries; the staff read theirs.
_MEETINGS_READ = ["meetings.view_meeting"]
_MEETINGS_LEAD = _MEETINGS_READ + ["meetings.add_meeting", "meetings.change_meeting"]
# Information materials and leaflets of the offices: info specialists and leads manage them and
# publish editions; front-desk staff record the stock checks of their own office.
_MATERIALS_READ = ["materials.view_material", "materials.view_holding"]
_MATERIALS_CHECK = _MATERIALS_READ + ["materials.check_stock"]
_MATERIALS_MANAGE = _MATERIALS_CHECK + ["materials.add_material", "materials.change_material"]
_TEAM_FIGURES = [
    "telephony.view_call_stats",
    "telephony.view_agent",
    "telephony.change_agent",
    "contacts.view_contact",
    # The team's call-backs and escalations still waiting for a follow-up (start page, contacts).
    "contacts.oversee_followup",
]
# Guides (knowledge base): everyone in customer service reads the published ones and links the one
# that solved a contact; team leads, senior specialists and info specialists write and publish them.
_GUIDES_READ = ["knowledge.view_guide", "knowledge.add_guideuse"]
_GUIDES_WRITE = _GUIDES_READ + ["knowledge.add_guide", "knowledge.change_guide"]

# Customer surveys: the one who handled a contact (or their lead) sends the customer a survey.
_SURVEYS = ["surveys.send_survey"]
# The contact analysis for the heads of units: leads and the manager read it and send it.
_CONTACT_ANALYSIS = ["analysis.view_contact_analysis", "analysis.send_contact_analysis"]
# Workforce planning: everyone sees their own shifts and asks for days off; team leads and senior
# specialists plan their teams (forecast, staffing, roster, working time, workload); the service
# manager every team.
_SHIFTS_OWN = ["workforce.view_shift", "workforce.add_dayoffrequest"]
_WORKFORCE_PLAN = _SHIFTS_OWN + ["workforce.plan_workforce"]

# What a line manager of people works with: customers, the structure, the person's log, the desk,
# the team's figures and their people's job descriptions, absences and conversations.
_LEADS = (
    _CUSTOMER_WORK
    + _ORG_READ
    + _PERSON_LOG
    + _AGENT_DESK
    + _TEAM_FIGURES
    + _JOB_DESCRIPTIONS
    + _ESCALATE
    + _OVERSEE_TICKETS
    + _REGISTRY_OVERSEE
    + _PAPERS_ISSUE
    + _PAPERS_TEMPLATES
    + _FRONT_DESK_FIGURES
    + _MEETINGS_LEAD
    + _MATERIALS_MANAGE
    + _SURVEYS
    + _CONTACT_ANALYSIS
)

ROLE_PERMISSIONS: dict[str, list[str] | None] = {
    AGENT: _CUSTOMER_WORK
    + _AGENT_DESK
    + _JOB_DESCRIPTIONS
    + _ESCALATE
    + _REGISTRY_READ
    + _PAPERS_ISSUE
    + _BOOK_VISIT
    + _QUALITY_OWN
    + _MEETINGS_READ
    + _MATERIALS_CHECK
    + _GUIDES_READ
    + _SURVEYS
    + _SHIFTS_OWN,
    INFO_SPECIALIST: _CUSTOMER_WORK
    + ["contacts.add_contact", "contacts.view_contact"]
    + _JOB_DESCRIPTIONS
    + _ESCALATE
    + _REGISTRY_WORK
    + _PAPERS_ISSUE
    + _FRONT_DESK
    + _QUALITY_OWN
    + _MEETINGS_READ
    + _MATERIALS_MANAGE
    + _GUIDES_WRITE
    + _SURVEYS
    + _SHIFTS_OWN,
    TEAM_LEAD: _LEADS + _MANAGER_PEOPLE + _QUALITY_EVALUATE + _GUIDES_WRITE + _WORKFORCE_PLAN,
    SERVICE_MANAGER: _LEADS
    + _MANAGER_PEOPLE
    + _QUALITY_EVALUATE
    + ["quality.oversee_evaluation"]
    + _GUIDES_READ
    + _WORKFORCE_PLAN
    + ["workforce.oversee_workforce"],
    SENIOR_SPECIALIST: _CUSTOMER_WORK
    + _ORG_READ
    + _AGENT_DESK
    + _TEAM_FIGURES
    + _JOB_DESCRIPTIONS
    + _ESCALATE
    + _OVERSEE_TICKETS
    + _REGISTRY_READ
    + _BOOK_VISIT
    + ["frontdesk.view_visit_stats"]
    + _QUALITY_EVALUATE
    + _MEETINGS_READ
    + _MATERIALS_READ
    + _GUIDES_WRITE
    + _SURVEYS
    + _WORKFORCE_PLAN,
    SECOND_LEVEL: ["customers.view_customer", "contacts.view_contact"]
    + _JOB_DESCRIPTIONS
    + _SECOND_LEVEL_WORK
    + _REGISTRY_FORWARDED
    + _GUIDES_READ,
    # The contract partner's phone system: its API token routes calls and reports events.
    PHONE_SYSTEM: ["telephony.route_call", "telephony.add_telephonyevent"],
    # HR works with people and positions, not with customers.
    HR_PARTNER: _ORG_WRITE + _JOB_DESCRIPTIONS + _HR_PEOPLE,
    # None = every permission in the system.
    ADMINISTRATOR: None,
}

ROLES = list(ROLE_PERMISSIONS)


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups and set exactly the permissions this module lists."""
    # post_migrate reaches apps one at a time: make sure every app's permissions exist first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = list(Permission.objects.all()) if names is None else _permissions(names)
        group.permissions.set(perms)
