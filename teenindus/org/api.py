from ninja import Router, Schema

from teenindus.accounts.api_auth import require_perm
from teenindus.org.selectors import org_tree

router = Router(tags=["org"])


class PositionOut(Schema):
    id: int
    title: str
    manager_id: int | None
    substitutes: list[int]
    substituted_by: list[int]


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    agency: str
    depth: int
    positions: list[PositionOut]


@router.get("/units", response=list[UnitOut])
def units(request):
    """The unit tree, depth first, with positions and who substitutes whom."""
    require_perm(request, "org.view_unit")
    return [
        UnitOut(
            id=node.unit.pk,
            name=node.unit.name,
            kind=node.unit.kind,
            parent_id=node.unit.parent_id,
            agency=str(node.unit.agency),
            depth=node.depth,
            positions=[
                PositionOut(
                    id=p.pk,
                    title=p.title,
                    manager_id=p.manager_id,
                    substitutes=[s.pk for s in p.substitutes.all()],
                    substituted_by=[s.pk for s in p.substituted_by.all()],
                )
                for p in node.positions
            ],
        )
        for node in org_tree()
    ]
