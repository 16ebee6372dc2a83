import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served_as_openapi_3(client):
    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Institute API"
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_interactive_docs_load_without_external_assets(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.content.decode()


def test_wagtail_page_api_lists_public_pages(client):
    response = client.get("/api/v1/cms/pages/")

    assert response.status_code == 200
    assert "items" in response.json()


def test_headless_allauth_api_is_mounted(client):
    response = client.get("/_allauth/browser/v1/config")

    assert response.status_code == 200
    assert response.json()["data"]["account"]["login_methods"] == ["email"]
