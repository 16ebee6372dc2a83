"""The site header: a Menu button for phones, an account menu, and no link twice."""

import pytest

from cms.account_menu import MenuLink, account_menu_register, account_menu_unregister
from demo.school import seed_home_page
from tests.factories import UserFactory
from tests.factories.editorial import ArticleIndexPageFactory

pytestmark = pytest.mark.django_db


def header(client, path="/") -> str:
    page = client.get(path).content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_the_header_has_a_menu_button_controlling_the_navigation(client):
    seed_home_page(report=lambda line: None)
    html = header(client)
    assert 'class="menu-toggle" aria-expanded="false" aria-controls="site-nav"' in html
    assert 'id="site-nav"' in html
    assert "js/header.js" in client.get("/").content.decode()


def test_signed_in_links_sit_in_an_account_menu_named_after_the_person(client):
    seed_home_page(report=lambda line: None)
    client.force_login(UserFactory(first_name="Sam", email="sam@example.com"))
    html = header(client)
    assert 'aria-controls="account-menu-list"' in html
    assert '<span class="account-name">Sam</span>' in html
    menu = html[html.index('id="account-menu-list"') :]
    assert "Dashboard" in menu and "Account settings" in menu and "Sign out" in menu
    # The email address is not a header link any more (it took a line of its own).
    assert ">sam@example.com<" not in html


def test_a_link_the_site_menu_shows_is_not_repeated_in_the_account_menu(client):
    home = seed_home_page(report=lambda line: None)
    articles = ArticleIndexPageFactory(parent=home, title="Articles", slug="articles")
    articles.show_in_menus = True
    articles.save_revision().publish()
    account_menu_register(
        name="tests.articles", links=lambda request: [MenuLink("Reading", articles.url)]
    )
    try:
        client.force_login(UserFactory())
        html = header(client)
    finally:
        account_menu_unregister(name="tests.articles")
    assert html.count(f'href="{articles.url}"') == 1


def test_the_account_button_sums_the_badges_inside(client):
    seed_home_page(report=lambda line: None)
    account_menu_register(
        name="tests.notes",
        links=lambda request: [MenuLink("Notifications", "/notes/", badge=3, badge_label="new")],
    )
    try:
        client.force_login(UserFactory(first_name="Sam"))
        html = header(client)
    finally:
        account_menu_unregister(name="tests.notes")
    button = html[
        html.index('class="account-toggle"') : html.index(
            "</button>", html.index('class="account-toggle"')
        )
    ]
    assert '<span class="badge" aria-label="3 new">3</span>' in button
