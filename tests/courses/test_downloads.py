"""Lesson files leave only through short-lived links, on S3 (moto) and on local storage."""

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import boto3
import pytest
import requests
import time_machine

from django.utils import timezone

from courses.downloads import FILE_LINK_MAX_AGE
from tests.factories import lesson_with_files

BUCKET = "institute-private-test"


@pytest.fixture(scope="module")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, moto_endpoint):
    """The production storage settings of cms/settings/base.py, pointed at moto."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": moto_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 300,
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        },
    }
    yield moto_endpoint


def test_s3_objects_are_private_and_links_are_presigned_for_at_most_300_seconds(
    school, client, s3_storage
):
    from storages.backends.s3 import S3Storage

    lesson, files = lesson_with_files(parent=school.week1, title="Stakeholder map")
    takeaway = files["takeaway"]
    assert isinstance(takeaway.file.storage, S3Storage)
    key = takeaway.file.name

    unsigned = requests.get(f"{s3_storage}/{BUCKET}/{key}", timeout=10)
    assert unsigned.status_code == 403
    assert b"Checklist" not in unsigned.content

    client.force_login(school.users["enrolled"])
    response = client.get(f"/lesson-files/{lesson.pk}/{takeaway.pk}/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}" == s3_storage
    assert unquote(url.path) == f"/{BUCKET}/{key}"
    assert key.startswith("documents/") and key.endswith(".txt")
    assert 0 < int(query["X-Amz-Expires"][0]) <= 300
    assert query["X-Amz-Signature"][0]
    assert query["response-content-disposition"][0].startswith("attachment;")
    downloaded = requests.get(response["Location"], timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == b"Checklist"


def test_s3_refused_students_get_no_link(school, client, s3_storage):
    lesson, files = lesson_with_files(parent=school.week2, title="Roadmaps")
    client.force_login(school.users["enrolled"])  # week 2 is not released for their class
    response = client.get(f"/lesson-files/{lesson.pk}/{files['takeaway'].pk}/")
    assert response.status_code == 403
    assert "X-Amz" not in response.content.decode()


def test_s3_never_overwrites_a_file_with_the_same_name(school, s3_storage):
    from tests.factories import private_document

    first = private_document(title="a", filename="same.txt", content=b"one")
    second = private_document(title="b", filename="same.txt", content=b"two")
    assert first.file.name != second.file.name
    assert first.file.open("rb").read() == b"one"


@pytest.fixture
def student_link(school, client):
    client.force_login(school.users["enrolled"])
    response = client.get(f"/lesson-files/{school.lesson1.pk}/{school.files1['takeaway'].pk}/")
    assert response.status_code == 302
    return response["Location"]


def test_local_link_serves_the_file_as_an_attachment(client, student_link):
    response = client.get(student_link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Checklist"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_local_link_expires_after_five_minutes(client, student_link):
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=FILE_LINK_MAX_AGE - 5)):
        assert client.get(student_link).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=FILE_LINK_MAX_AGE + 1)):
        response = client.get(student_link)
    assert response.status_code == 403
    assert "expired" in response.content.decode()


def test_a_tampered_local_link_is_refused(client, student_link):
    token = student_link.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(student_link.replace(token, forged))
    assert response.status_code == 403
    assert "not valid" in response.content.decode()


def test_a_local_link_works_only_for_the_student_it_was_made_for(school, client, student_link):
    client.force_login(school.users["unenrolled"])
    assert client.get(student_link).status_code == 403
    client.logout()
    assert client.get(student_link).status_code == 403


def test_videos_stream_in_byte_ranges_so_the_player_can_seek(school, client):
    client.force_login(school.users["enrolled"])
    video = school.files1["video"]
    link = client.get(f"/lesson-files/{school.lesson1.pk}/{video.pk}/?inline=1")["Location"]
    response = client.get(link, HTTP_RANGE="bytes=2-5")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 2-5/{video.file.size}"
    assert b"".join(response.streaming_content) == video.file.open("rb").read()[2:6]
    assert response["Content-Disposition"].startswith("inline;")
    assert client.get(link, HTTP_RANGE="bytes=999-").status_code == 416


def test_a_file_not_used_by_the_lesson_is_not_found(school, client):
    client.force_login(school.users["enrolled"])
    other_lessons_file = school.files2["takeaway"]
    response = client.get(f"/lesson-files/{school.lesson1.pk}/{other_lessons_file.pk}/")
    assert response.status_code == 404
