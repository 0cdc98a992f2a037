"""Job descriptions for other systems (the intranet, the HR register): read only."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from teenindus.accounts.api_auth import require_perm
from teenindus.people.models import JobDescription
from teenindus.people.selectors import job_description_current, job_descriptions_search

router = Router(tags=["people"])


class JobDescriptionSummary(Schema):
    id: int
    position_id: int
    title: str
    unit: str
    version: int
    review_due: str | None


class JobDescriptionOut(JobDescriptionSummary):
    content: dict
    signed_by: list[str]


def _summary(version) -> dict:
    jd = version.job_description
    return {
        "id": jd.pk,
        "position_id": jd.position_id,
        "title": jd.position.title,
        "unit": version.content["unit"],
        "version": version.number,
        "review_due": jd.review_due.isoformat() if jd.review_due else None,
    }


@router.get("/job-descriptions", response=list[JobDescriptionSummary])
def job_descriptions(request, q: str = ""):
    """Current job descriptions; `q` matches title, unit and duties in any Estonian word form."""
    require_perm(request, "people.view_jobdescription")
    return [_summary(version) for version in job_descriptions_search(query=q[:200])]


@router.get("/job-descriptions/{jd_id}", response=JobDescriptionOut)
def job_description(request, jd_id: int):
    """The current version's record (the keys of `import_job_description --json`, less `unplaced`)."""
    require_perm(request, "people.view_jobdescription")
    jd = get_object_or_404(JobDescription.objects.select_related("position"), pk=jd_id)
    version = job_description_current(job_description=jd)
    if version is None:
        raise Http404
    version.job_description = jd
    return {
        **_summary(version),
        "content": version.content,
        "signed_by": [f"{s.get_party_display()}: {s.signer_name}" for s in version.signatures.all()],
    }
