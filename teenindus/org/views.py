from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from teenindus.org.selectors import org_tree


@permission_required("org.view_unit", raise_exception=True)
def structure(request):
    return render(request, "org/structure.html", {"nodes": org_tree()})
