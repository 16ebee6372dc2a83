"""Every settings profile imports; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret",
    "ALLOWED_HOSTS": "school.example.com",
    "DATABASE_URL": "postgres://institute:secret@db.internal:5432/institute",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "AWS_STORAGE_BUCKET_NAME": "institute-private",
    "STRIPE_SECRET_KEY": "sk_live_example",
    "STRIPE_WEBHOOK_SECRET": "whsec_example",
    "SITE_URL": "https://school.example.com",
    "TRUSTED_PROXY_COUNT": "1",
}


def run_manage(*args: str, profile: str, extra_env: dict[str, str] | None = None):
    base = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENVIRONMENT}
    base.pop("TRUSTED_CLIENT_IP_HEADER", None)
    base.pop("CELERY_BROKER_URL", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    env = {**base, "DJANGO_SETTINGS_MODULE": f"cms.settings.{profile}", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("profile", ["dev", "test"])
def test_profile_passes_system_checks(profile):
    result = run_manage("check", profile=profile)
    assert result.returncode == 0, result.stderr


def test_production_passes_deploy_checks_when_configured():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        profile="production",
        extra_env=PRODUCTION_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "STRIPE_WEBHOOK_SECRET"])
def test_production_names_a_missing_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != missing}
    result = run_manage("check", profile="production", extra_env=env)
    assert result.returncode != 0
    assert f"Missing required environment variable(s) for production: {missing}" in result.stderr


def test_production_refuses_the_stripe_test_double():
    env = {**PRODUCTION_ENVIRONMENT, "STRIPE_API_BASE": "http://127.0.0.1:12111"}
    result = run_manage("check", profile="production", extra_env=env)
    assert result.returncode != 0
    assert "Unset STRIPE_API_BASE" in result.stderr
