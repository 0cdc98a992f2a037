import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _today_at_each_test(request):
    """A module's TODAY is the local date when each test starts, not when the module was imported:
    a suite that runs across local midnight would otherwise plan with yesterday's date."""
    if hasattr(request.module, "TODAY"):
        request.module.TODAY = timezone.localdate()
