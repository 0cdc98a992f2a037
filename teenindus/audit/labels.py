"""The access log in people's words: where (the page), what (the action) and how (the channel) of
a row in the user's language, instead of the ids the log stores (URL names such as
`customers:detail`, actions such as `view`, channels such as `ui`).

The log keeps storing the ids (stable, whatever the language); the titles are read from here when
the log is shown or exported. The page titles are keyed by URL name, as strings: audit imports no
app. A page without a title here shows its id, so a new page that shows people adds its title
(teenindus/audit/tests/test_labels.py lists the URL names it checks)."""

from django.utils.translation import pgettext_lazy

from teenindus.audit.models import AccessLog

PAGE_TITLES = {
    "home": pgettext_lazy("access log page", "Start page"),
    "customers:search": pgettext_lazy("access log page", "Customer search"),
    "customers:person_create": pgettext_lazy("access log page", "Registering a person"),
    "customers:company_create": pgettext_lazy("access log page", "Registering a company"),
    "customers:detail": pgettext_lazy("access log page", "Customer card"),
    "customers:edit": pgettext_lazy("access log page", "Changing customer data"),
    "customers:contact_point_add": pgettext_lazy("access log page", "Adding contact details"),
    "customers:address_add": pgettext_lazy("access log page", "Adding an address"),
    "customers:representation_add": pgettext_lazy("access log page", "Adding a representative"),
    "customers:access_log": pgettext_lazy("access log page", "Who has looked at the data"),
    "contacts:index": pgettext_lazy("access log page", "Contacts"),
    "contacts:detail": pgettext_lazy("access log page", "Contact"),
    "contacts:followup_close": pgettext_lazy("access log page", "Closing a follow-up"),
    "contacts:customer_history": pgettext_lazy("access log page", "Customer's contact history"),
    "contacts:customer_record": pgettext_lazy("access log page", "Recording a contact"),
    "telephony:desk": pgettext_lazy("access log page", "Agent desk"),
    "telephony:desk_poll": pgettext_lazy("access log page", "Agent desk: incoming call"),
    "telephony:desk_state": pgettext_lazy("access log page", "Agent desk: changing state"),
    "telephony:desk_call": pgettext_lazy("access log page", "Agent desk: answering a call"),
    "telephony:desk_contact": pgettext_lazy("access log page", "Agent desk: recording a call"),
    "telephony:dashboard": pgettext_lazy("access log page", "Call centre figures"),
    "telephony:dashboard_now": pgettext_lazy("access log page", "Call centre figures: now"),
    "telephony:stats_export": pgettext_lazy("access log page", "Call centre figures: download"),
    "org:structure": pgettext_lazy("access log page", "Structure of the organisation"),
    "people:jd_list": pgettext_lazy("access log page", "Job descriptions"),
    "people:jd_import": pgettext_lazy("access log page", "Importing job descriptions"),
    "people:jd_detail": pgettext_lazy("access log page", "Job description"),
    "people:jd_version": pgettext_lazy("access log page", "Job description"),
    "people:jd_pdf": pgettext_lazy("access log page", "Job description (PDF)"),
    "people:jd_docx": pgettext_lazy("access log page", "Job description (DOCX)"),
    "people:jd_sign": pgettext_lazy("access log page", "Signing a job description"),
    "people:jd_diff": pgettext_lazy("access log page", "Comparing job description versions"),
    "people:jd_review": pgettext_lazy("access log page", "Reviewing a job description"),
    "people:absences": pgettext_lazy("access log page", "Absences"),
    "people:conversations": pgettext_lazy("access log page", "Conversations"),
    "people:analysis": pgettext_lazy("access log page", "Analysis of conversations"),
    "people:templates": pgettext_lazy("access log page", "Conversation questions"),
    "people:conversation": pgettext_lazy("access log page", "Conversation"),
    "registry:index": pgettext_lazy("access log page", "Document register"),
    "registry:detail": pgettext_lazy("access log page", "Registered document"),
    "registry:mine": pgettext_lazy("access log page", "Documents due"),
    "registry:register_in": pgettext_lazy("access log page", "Registering an incoming document"),
    "registry:register_out": pgettext_lazy("access log page", "Registering an outgoing document"),
    "registry:forwarding_reply": pgettext_lazy("access log page", "Replying to a forwarded document"),
    "frontdesk:office": pgettext_lazy("access log page", "Front desk queue"),
    "frontdesk:desk": pgettext_lazy("access log page", "Front desk: a desk"),
    "frontdesk:visit": pgettext_lazy("access log page", "Front desk: a visit"),
    "frontdesk:appointments": pgettext_lazy("access log page", "Front desk appointments"),
    "papers:issue": pgettext_lazy("access log page", "Issuing a paper"),
    "papers:detail": pgettext_lazy("access log page", "Issued paper"),
    "papers:pdf": pgettext_lazy("access log page", "Issued paper (PDF)"),
    "quality:index": pgettext_lazy("access log page", "Contact quality"),
    "quality:evaluate": pgettext_lazy("access log page", "Evaluating a contact"),
    "quality:calibration_start": pgettext_lazy("access log page", "Starting a calibration"),
    "quality:difficult_flag": pgettext_lazy("access log page", "Flagging a difficult contact"),
    "quality:list": pgettext_lazy("access log page", "Contact evaluations"),
    "quality:evaluation": pgettext_lazy("access log page", "Contact evaluation"),
    "quality:evaluation_move": pgettext_lazy("access log page", "Answering a contact evaluation"),
    "quality:mine": pgettext_lazy("access log page", "My contact evaluations"),
    "quality:calibration": pgettext_lazy("access log page", "Calibration of an evaluation"),
    "quality:difficult_list": pgettext_lazy("access log page", "Difficult contacts"),
    "quality:difficult": pgettext_lazy("access log page", "Analysis of a difficult contact"),
    "quality:feedback": pgettext_lazy("access log page", "Feedback talk"),
    "quality:feedback_pdf": pgettext_lazy("access log page", "Feedback talk (PDF)"),
    "meetings:index": pgettext_lazy("access log page", "Meetings and info hours"),
    "meetings:detail": pgettext_lazy("access log page", "Meeting"),
    "meetings:send": pgettext_lazy("access log page", "Sending a meeting's summary"),
    "materials:office": pgettext_lazy("access log page", "Information materials of an office"),
    "knowledge:link": pgettext_lazy("access log page", "Linking a guide to a contact"),
    "knowledge:draft_from_contact": pgettext_lazy("access log page", "A guide from a contact"),
    "knowledge:draft_from_ticket": pgettext_lazy("access log page", "A guide from a ticket"),
    "surveys:contact": pgettext_lazy("access log page", "Customer feedback on a contact"),
    "analysis:index": pgettext_lazy("access log page", "Contact analysis"),
    "analysis:export": pgettext_lazy("access log page", "Contact analysis: download"),
    "analysis:send": pgettext_lazy("access log page", "Contact analysis sent to the head of a unit"),
    "workforce:workload_team": pgettext_lazy("access log page", "Workload of a team"),
    "workforce:workload_pdf": pgettext_lazy("access log page", "Workload of a team (PDF)"),
    "workforce:actual_team": pgettext_lazy("access log page", "Planned and actual working time"),
    "workforce:actual_month": pgettext_lazy("access log page", "Monthly working time"),
    "workforce:actual_export": pgettext_lazy("access log page", "Planned and actual working time: download"),
    "workforce:actual_own": pgettext_lazy("access log page", "My working time"),
}
# Pages named by their area when they have no title of their own (namespace of the URL name).
AREA_TITLES = {
    "admin": pgettext_lazy("access log page", "Administration"),
    "api": pgettext_lazy("access log page", "Interface (API)"),
    "registry": pgettext_lazy("access log page", "Document register"),
    "frontdesk": pgettext_lazy("access log page", "Front desk"),
    "papers": pgettext_lazy("access log page", "Issued papers"),
    "quality": pgettext_lazy("access log page", "Contact quality"),
    "meetings": pgettext_lazy("access log page", "Meetings and info hours"),
    "materials": pgettext_lazy("access log page", "Information materials"),
    "knowledge": pgettext_lazy("access log page", "Guides"),
    "workforce": pgettext_lazy("access log page", "Working time and rosters"),
}
PAGE_TITLES |= {
    "workforce:roster_detail": pgettext_lazy("access log page", "Team roster"),
    "workforce:roster_shift_edit": pgettext_lazy("access log page", "Changing a shift in a roster"),
}
ACTION_LABELS = {
    "view": pgettext_lazy("access log action", "view"),
    "search": pgettext_lazy("access log action", "search"),
    "exists": pgettext_lazy("access log action", "check whether registered"),
    "edit": pgettext_lazy("access log action", "change"),
    "access_log": pgettext_lazy("access log action", "view of the access log"),
    "access_log_export": pgettext_lazy("access log action", "download of the access log"),
    "contacts": pgettext_lazy("access log action", "contact history"),
    "contact": pgettext_lazy("access log action", "contact"),
    "followups": pgettext_lazy("access log action", "follow-ups"),
    "team_followups": pgettext_lazy("access log action", "team's follow-ups"),
    "agent_states": pgettext_lazy("access log action", "agents' states"),
    "signer_codes": pgettext_lazy("access log action", "signers' personal codes"),
    "absent": pgettext_lazy("access log action", "absence of a position holder"),
    "absences": pgettext_lazy("access log action", "absences"),
    "list": pgettext_lazy("access log action", "list"),
    "detail": pgettext_lazy("access log action", "details"),
    "due": pgettext_lazy("access log action", "conversations due"),
    "admin_list": pgettext_lazy("access log action", "list in administration"),
    "admin_change": pgettext_lazy("access log action", "change page in administration"),
    "admin_delete": pgettext_lazy("access log action", "deletion page in administration"),
    "document": pgettext_lazy("access log action", "registered document"),
    "documents": pgettext_lazy("access log action", "list of registered documents"),
    "document_links": pgettext_lazy("access log action", "linked documents"),
    "documents_due": pgettext_lazy("access log action", "documents due"),
    "forwarding": pgettext_lazy("access log action", "forwarded document"),
    "document_party": pgettext_lazy("access log action", "sender or recipient of a document"),
    "paper": pgettext_lazy("access log action", "issued paper"),
    "quality_contacts": pgettext_lazy("access log action", "contacts to evaluate"),
    "quality_contact": pgettext_lazy("access log action", "contact to evaluate"),
    "quality_sample": pgettext_lazy("access log action", "sampled contacts"),
    "evaluation": pgettext_lazy("access log action", "contact evaluation"),
    "evaluations": pgettext_lazy("access log action", "contact evaluations"),
    "evaluation_trend": pgettext_lazy("access log action", "evaluation trend"),
    "calibration": pgettext_lazy("access log action", "calibration of an evaluation"),
    "difficult_contacts": pgettext_lazy("access log action", "difficult contacts"),
    "difficult_contact": pgettext_lazy("access log action", "difficult contact"),
    "meetings": pgettext_lazy("access log action", "list of meetings"),
    "meeting": pgettext_lazy("access log action", "meeting and its attendees"),
    "meeting_readers": pgettext_lazy("access log action", "readers of a meeting's summary"),
    "meeting_recipients": pgettext_lazy("access log action", "recipients of a meeting's summary"),
    "stock_checkers": pgettext_lazy("access log action", "who checked an office's materials"),
    "survey": pgettext_lazy("access log action", "customer survey"),
    "survey_summary": pgettext_lazy("access log action", "customer feedback figures"),
    "analysis_notes": pgettext_lazy("access log action", "free-text notes in the contact analysis"),
    "workload": pgettext_lazy("access log action", "agents' workload"),
    "working_time": pgettext_lazy("access log action", "working time"),
}
ACTION_LABELS |= {
    "shifts": pgettext_lazy("access log action", "shifts in a roster"),
    "roster_failure": pgettext_lazy("access log action", "why a roster could not be solved"),
}


def page_title(view: str) -> str:
    """The page's title (its URL name's), else its area's, else the id as stored."""
    if view in PAGE_TITLES:
        return str(PAGE_TITLES[view])
    area = view.split(":", 1)[0] if ":" in view else ""
    return str(AREA_TITLES[area]) if area in AREA_TITLES else view


def action_label(action: str) -> str:
    return str(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def channel_label(channel: str) -> str:
    return str(AccessLog.Channel(channel).label) if channel in AccessLog.Channel.values else channel


def access_rows(rows) -> list[dict]:
    """Access-log rows as people read them, for the page and the exports alike: when (local time),
    who, on which page, what, through which channel, why."""
    return [
        {
            "at": row.at,
            "actor": row.actor.get_full_name() or row.actor.username,
            "view": page_title(row.view),
            "action": action_label(row.action),
            "channel": channel_label(row.channel),
            "purpose": row.purpose,
        }
        for row in rows
    ]
