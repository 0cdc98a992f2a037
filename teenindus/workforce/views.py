"""The workforce start: the teams the user plans, each with its forecast, staffing, roster,
planned-vs-actual and workload pages; for everyone, their own shifts."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from teenindus.workforce import scope

VIEW = "workforce.view_shift"


@permission_required(VIEW, raise_exception=True)
def index(request):
    return render(
        request,
        "workforce/index.html",
        {"teams": scope.planned_units(request.user)},
    )
