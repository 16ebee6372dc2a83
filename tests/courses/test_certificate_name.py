"""A certificate prints the student's name, never their email address, and asks for one when
the account has none."""

import io

import pytest
from pypdf import PdfReader

from django.utils import timezone

from courses.certificates import (
    CertificateNameRefused,
    certificate_holder_name_set,
    certificate_issue_if_complete,
)
from courses.models import Certificate, LessonProgress
from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

from .release_helpers import release_school

pytestmark = pytest.mark.django_db


def finished(*, first_name: str, last_name: str = ""):
    school = release_school(students=1)
    enrollment = school.enrollments[0]
    user = enrollment.user
    user.first_name, user.last_name = first_name, last_name
    user.save()
    for lessons in school.lessons.values():
        for lesson in lessons:
            LessonProgress.objects.create(
                enrollment=enrollment, lesson=lesson, completed_at=timezone.now()
            )
    return certificate_issue_if_complete(enrollment=enrollment, now=timezone.now())


def pdf_text(client, certificate) -> str:
    response = client.get(f"/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_the_certificate_prints_the_students_name(client):
    certificate = finished(first_name="Ada", last_name="Lovelace")
    assert certificate.holder_name == "Ada Lovelace"
    assert "Ada Lovelace" in pdf_text(client, certificate)


def test_without_a_name_the_certificate_never_prints_the_email_and_asks_the_holder(client):
    certificate = finished(first_name="")
    holder = certificate.enrollment.user
    assert certificate.holder_name == ""
    page = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert holder.email not in page
    assert "Not given yet" in page and 'name="name"' not in page  # a stranger is not asked
    # The PDF is not printed without a name: it sends the reader to the page that asks.
    response = client.get(f"/certificates/{certificate.code}/pdf/")
    assert response.status_code == 302 and response["Location"].endswith(f"{certificate.code}/")

    client.login(email=holder.email, password=DEFAULT_PASSWORD)
    page = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Your name on the certificate" in page and 'name="name"' in page
    dashboard = client.get("/dashboard/").content.decode()
    assert "add your name" in dashboard

    response = client.post(f"/certificates/{certificate.code}/", {"name": "  "})
    assert response.status_code == 400
    assert "Enter your name as it should appear" in response.content.decode()

    response = client.post(f"/certificates/{certificate.code}/", {"name": " Ada  Lovelace "})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.holder_name == "Ada Lovelace"
    holder.refresh_from_db()
    assert (holder.first_name, holder.last_name) == ("Ada", "Lovelace")
    text = pdf_text(client, certificate)
    assert "Ada Lovelace" in text and holder.email not in text


def test_only_the_holder_names_a_certificate_and_only_once(client):
    certificate = finished(first_name="")
    stranger = UserFactory()
    with pytest.raises(CertificateNameRefused, match="Only the holder"):
        certificate_holder_name_set(certificate=certificate, user=stranger, name="Mallory")
    holder = certificate.enrollment.user
    certificate_holder_name_set(certificate=certificate, user=holder, name="Ada Lovelace")
    with pytest.raises(CertificateNameRefused, match="already has a name"):
        certificate_holder_name_set(certificate=certificate, user=holder, name="Someone Else")
    assert Certificate.objects.get(pk=certificate.pk).holder_name == "Ada Lovelace"
