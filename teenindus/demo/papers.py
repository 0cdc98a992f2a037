"""The demo's paper templates: a pension certificate in Estonian, Russian and English, a notice of
taking an application into proceedings and a family-benefit decision in Estonian, registered in the
series 9-1 (notices), 9-2 (certificates) and 9-3 (decisions), made when missing. No paper is issued
here: issuing looks at a customer's data (the access log), and loading the demo is not looking.
Idempotent: the templates and series are found by their codes first."""

from django.db import transaction

from teenindus.papers.defaults import paper_templates_ensure


@transaction.atomic
def load_papers() -> int:
    return len(paper_templates_ensure())
