from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]


@router.get("/me", response=MeOut)
def me(request):
    """Who the token or session belongs to, and their roles."""
    user = request.user
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        roles=sorted(user.groups.values_list("name", flat=True)),
    )
