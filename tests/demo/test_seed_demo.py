from io import StringIO

import pytest

from django.apps import apps
from django.core.management import call_command

from wagtail.models import Site

from cms.models import HomePage, User
from demo.school import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed  # an unmanaged model has no table (a permission holder)
    }


def test_seed_demo_twice_changes_nothing_the_second_time():
    call_command("seed_demo", stdout=StringIO())
    first = row_counts()
    passwords = dict(User.objects.values_list("email", "password"))

    output = StringIO()
    call_command("seed_demo", stdout=output)

    assert row_counts() == first
    assert dict(User.objects.values_list("email", "password")) == passwords
    assert "Demo school ready" in output.getvalue()


def test_seed_demo_prints_every_demo_account_and_its_password():
    output = StringIO()
    call_command("seed_demo", stdout=output)

    for account in DEMO_ACCOUNTS:
        assert account.email in output.getvalue()
        assert account.password in output.getvalue()
        user = User.objects.get(email=account.email)
        assert user.check_password(account.password)
        assert user.emailaddress_set.get().verified


def test_seed_demo_makes_the_home_page_the_site_root(client):
    call_command("seed_demo", stdout=StringIO())

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    response = client.get("/")
    assert response.status_code == 200
    assert HomePage.objects.get().hero_heading in response.content.decode()
