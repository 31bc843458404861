"""WSGI entry point (gunicorn banli.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banli.settings")
application = get_wsgi_application()
