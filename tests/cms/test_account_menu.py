"""The signed-in header: links the apps register (``cms.account_menu``), each shown once."""

import pytest

from django.urls import reverse

from cms.account_menu import MenuLink, account_menu_register, account_menu_unregister
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu():
    names = []

    def register(name, links, order=50):
        names.append(name)
        account_menu_register(name=name, links=links, order=order)

    yield register
    for name in names:
        account_menu_unregister(name=name)


def header(client) -> str:
    page = client.get(reverse("payments:order_list")).content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_a_signed_in_person_sees_the_dashboard_and_orders_once(client):
    client.force_login(UserFactory())
    html = header(client)
    assert html.count(reverse("courses_student:dashboard")) == 1
    assert html.count(f'href="{reverse("payments:order_list")}"') == 1
    assert html.index("Dashboard") < html.index("Orders")
    assert 'aria-current="page">Orders' in html


def test_registered_links_show_in_order_with_a_badge_and_each_url_once(client, menu):
    user = UserFactory()
    menu("tests.team", lambda request: [MenuLink("My team", "/team/")], order=30)
    menu(
        "tests.notifications",
        lambda request: [MenuLink("Notifications", "/notes/", badge=3, badge_label="unread")],
        order=20,
    )
    menu("tests.again", lambda request: [MenuLink("Team again", "/team/")], order=40)
    client.force_login(user)
    html = header(client)

    assert html.index("Notifications") < html.index("My team") < html.index("Orders")
    assert '<span class="badge" aria-label="3 unread">3</span>' in html
    assert "Team again" not in html


def test_a_links_function_can_show_nothing_and_anonymous_visitors_see_none(client, menu):
    owners = set()
    menu(
        "tests.owners",
        lambda request: [MenuLink("My team", "/team/")] if request.user.pk in owners else [],
    )
    client.force_login(UserFactory())
    assert "My team" not in header(client)
    client.logout()
    page = client.get("/").content.decode()
    assert "My team" not in page and "Dashboard" not in page
