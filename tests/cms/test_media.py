"""``/media/`` in development: public files are served, private lesson documents never are,
whatever the spelling of the URL (issue 12, item 1)."""

import importlib

import pytest

from django.test import override_settings
from django.urls import clear_url_caches

from cms.media import media_path_is_private

SECRET = b"week 7 takeaway: locked until the week is released"

PRIVATE_SPELLINGS = [
    "/media/documents/takeaway.pdf",
    "/media//documents/takeaway.pdf",
    "/media///documents/takeaway.pdf",
    "/media/%2e/documents/takeaway.pdf",
    "/media/./documents/takeaway.pdf",
    "/media/%2E/documents/takeaway.pdf",
    "/media/documents%2ftakeaway.pdf",
    "/media/%2fdocuments/takeaway.pdf",
    "/media/images/../documents/takeaway.pdf",
    "/media/images/%2e%2e/documents/takeaway.pdf",
    "/media/documents\\takeaway.pdf",
    "/media/.\\documents/takeaway.pdf",
    "/media/Documents/takeaway.pdf",
    "/media/DOCUMENTS/takeaway.pdf",
    "/media/documents/./takeaway.pdf",
    "/media/documents//takeaway.pdf",
    "/media/documents/",
    "/media/linked/takeaway.pdf",  # a symlink into the private folder
]


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "documents").mkdir(parents=True)
    (root / "documents" / "takeaway.pdf").write_bytes(SECRET)
    (root / "images").mkdir()
    (root / "images" / "cover.txt").write_bytes(b"a public cover")
    (root / "linked").symlink_to(root / "documents")
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def dev_urls(settings):
    settings.ROOT_URLCONF = "tests.cms.media_urls"
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.mark.django_db
@pytest.mark.parametrize("url", PRIVATE_SPELLINGS)
def test_no_spelling_serves_a_private_document(client, media, dev_urls, url):
    response = client.get(url)
    assert response.status_code == 404
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body


@pytest.mark.django_db
def test_public_media_is_still_served(client, media, dev_urls):
    for url in (
        "/media/images/cover.txt",
        "/media//images/cover.txt",
        "/media/%2e/images/cover.txt",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content) == b"a public cover"


def test_the_decision_is_made_on_the_resolved_file(tmp_path):
    (tmp_path / "documents").mkdir()
    assert media_path_is_private("documents/x.pdf", media_root=tmp_path)
    assert media_path_is_private("/../documents/x.pdf", media_root=tmp_path)
    assert media_path_is_private("../outside.txt", media_root=tmp_path)
    assert not media_path_is_private("documents-public/x.pdf", media_root=tmp_path)
    assert not media_path_is_private("images/x.png", media_root=tmp_path)


@pytest.mark.django_db
def test_debug_urls_route_media_through_the_guard(client, media):
    """``cms/urls.py`` in DEBUG (``make run``) mounts the guarded view and nothing else."""
    import cms.urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(cms.urls)
            clear_url_caches()
            assert client.get("/media//documents/takeaway.pdf").status_code == 404
            assert client.get("/media/%2e/documents/takeaway.pdf").status_code == 404
            assert client.get("/media/images/cover.txt").status_code == 200
    finally:
        importlib.reload(cms.urls)
        clear_url_caches()
