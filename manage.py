#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # On a machine set up by run.sh the keys live in var/; production passes its own.
    var = Path(__file__).resolve().parent / "var"
    for name, filename in (("SECRET_KEY_FILE", "secret_key"), ("FIELD_ENCRYPTION_KEY_FILE", "field_key")):
        if (var / filename).exists():
            os.environ.setdefault(name, str(var / filename))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
