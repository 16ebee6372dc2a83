import pytest

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


def test_healthz_reports_every_peer_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_answers_503_naming_a_stopped_broker(client, settings):
    settings.CELERY_BROKER_URL = NOTHING_LISTENS
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["broker"]
    assert "Error" in body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["ok"] is True


def test_healthz_answers_503_naming_unwritable_storage(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["down"] == ["storage"]


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def silent_endpoint():
    """A local socket that accepts connections (the kernel's backlog) and never answers."""
    import socket

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_healthz_answers_within_2_seconds_naming_an_s3_that_never_answers(
    client, settings, silent_endpoint
):
    import time

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "institute-private",
                "endpoint_url": silent_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": True,
            },
        },
    }
    started = time.monotonic()

    response = client.get("/healthz")

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["storage"]
    assert body["checks"]["storage"]["timed_out"] is True
    assert "timed out" in body["checks"]["storage"]["error"]
    assert body["checks"]["database"]["ok"] is True


def test_a_hanging_check_is_named_and_the_others_still_report(client, monkeypatch):
    import threading

    from cms import health

    release = threading.Event()
    monkeypatch.setitem(health.CHECKS, "broker", lambda: release.wait(10))
    try:
        response = client.get("/healthz")
    finally:
        release.set()

    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["broker"]
    assert body["checks"]["broker"]["timed_out"] is True
    assert all(body["checks"][name]["ok"] for name in ("database", "cache", "storage"))
