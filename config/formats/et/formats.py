# Django's Estonian formats lack the date-time ones (they would fall back to m/d/Y).
from django.conf.locale.et.formats import *  # noqa: F403

DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
