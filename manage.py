#!/usr/bin/env python
import os
import sys

# Commands that only read code (never serve, never touch data) need no production secret.
_CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "corridor_openapi"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in _CODE_ONLY_COMMANDS:
        os.environ.setdefault("CORRIDOR_ALLOW_INSECURE_KEY", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
