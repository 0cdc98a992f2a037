import os

from django.core.wsgi import get_wsgi_application

from teenindus.core.server import without_process_environment

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = without_process_environment(get_wsgi_application())
