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
