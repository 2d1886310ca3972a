"""Production settings: refuse to start without secrets; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "k" * 20 + "production-secret-key-with-enough-entropy-0123456789",
    "FIELD_ENCRYPTION_KEY": "00112233445566778899aabbccddeeff",
    "DATABASE_URL": "sqlite:////tmp/zugong-deploy-check.sqlite3",
    "ALLOWED_HOSTS": "zgt.example.gov.cn",
    # manage.py falls back to the key files in var/ (made by run.sh); production has none.
    "SECRET_KEY_FILE": "",
    "FIELD_ENCRYPTION_KEY_FILE": "",
}


def run(args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_refuses_a_missing_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = run(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_missing_data_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "FIELD_ENCRYPTION_KEY"}
    result = run(["check"], env)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY" in result.stderr


def test_malformed_boolean_is_an_error():
    result = run(["check"], {**PROD_ENV, "DEBUG": "perhaps"})
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_check_deploy_is_clean():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
