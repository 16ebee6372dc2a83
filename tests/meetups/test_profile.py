"""The member profile: edited by its owner, seen by classmates, refused to strangers."""

import pytest

from django.urls import reverse

from community.meetups.models import MemberProfile
from tests.factories import CohortFactory, EnrollmentFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "job_title": "Head of Product",
    "company": "Analytical",
    "city": " New   York ",
    "linkedin_url": "https://www.linkedin.com/in/ada",
    "slack_handle": "@ada.l",
    "meetup_emails": "on",
}


def test_a_student_saves_their_profile(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    response = client.post(reverse("meetups:profile_edit"), VALID)
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.job_title, user.company) == (
        "Ada",
        "Head of Product",
        "Analytical",
    )
    profile = MemberProfile.objects.get(user=user)
    assert profile.city == "New York" and profile.slack_handle == "ada.l"
    assert profile.linkedin_url == VALID["linkedin_url"] and profile.meetup_emails


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("linkedin_url", "https://example.com/ada", "LinkedIn profile address"),
        ("slack_handle", "ada lovelace!", "letters, digits"),
        ("city", "", "Enter your city"),
    ],
)
def test_bad_profile_input_is_refused_naming_the_problem(client, field, value, message):
    user = VerifiedUserFactory()
    client.force_login(user)
    response = client.post(reverse("meetups:profile_edit"), {**VALID, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MemberProfile.objects.exists()


def test_classmates_see_the_profile_and_strangers_do_not(client):
    cohort = CohortFactory()
    owner, classmate, stranger = (VerifiedUserFactory() for _ in range(3))
    EnrollmentFactory(user=owner, cohort=cohort)
    EnrollmentFactory(user=classmate, cohort=cohort)
    EnrollmentFactory(user=stranger, cohort=CohortFactory())
    MemberProfile.objects.create(user=owner, city="New York", slack_handle="ada")
    url = reverse("meetups:profile_detail", args=[owner.pk])
    client.force_login(classmate)
    page = client.get(url).content.decode()
    assert "New York" in page and "ada" in page
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
