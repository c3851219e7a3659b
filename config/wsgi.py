import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# A server signs sessions and CSRF tokens: it refuses to start without SECRET_KEY (settings leave
# it empty with DEBUG off so that commands which sign nothing, such as migrate, run without it).
import_module("config.env").require_secret_key()
# A production server refuses to start without its own document keys (check registry.E001).
import_module("corridor.registry.documents").require_keys()
# Import every view now, while the worker boots and before it accepts a request: Django does it
# at the first request, which then waited ~2.5 s (the engines' libraries) with every request
# queued behind it (a fresh server's first seconds had a p99 of 5 s under 20 clients).
import_module(settings.ROOT_URLCONF)
