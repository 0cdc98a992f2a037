"""The knowledge base's part of the URL walk's world (teenindus/tests/test_url_walk.py)."""

from teenindus.knowledge import services
from teenindus.tickets.tests.helpers import pdf_bytes


def knowledge_world(*, actor) -> dict:
    guide = services.guide_create(actor=actor, title="Lapsetoetuse maksmine", body="Makstakse 20. kuupäeval.")
    services.guide_update(
        actor=actor, guide_id=guide.pk, version=1, title=guide.title, body="Makstakse 20. päeval."
    )
    services.guide_move(actor=actor, guide_id=guide.pk, move="publish")
    attachment = services.guide_attachment_add(
        actor=actor, guide_id=guide.pk, name="vorm.pdf", data=pdf_bytes("Vorm")
    )
    return {
        "guide_id": guide.pk,
        "attachment_id": attachment.pk,
        "knowledge:diff.number": 2,
        "knowledge:move.move": "archive",
    }
