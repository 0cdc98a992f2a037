from teenindus.core.navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": nav_for(user),
        "user_roles": sorted(user.groups.values_list("name", flat=True)) if user.is_authenticated else [],
    }
