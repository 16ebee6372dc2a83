"""Reported and held posts reach the admin moderation queue; staff publish or hide them there."""

from django.urls import reverse

from community.discussions.models import Post, PostReport
from community.discussions.services import post_report, thread_create


def test_queue_lists_held_and_reported_posts_and_hides_in_bulk(client, school):
    held = thread_create(
        author=school.users["student"], cohort=school.current, lesson=school.lesson1,
        title="Link", body="See https://spam.example",
    ).posts.get()  # fmt: skip
    fine = thread_create(
        author=school.users["classmate"], cohort=school.current, lesson=school.lesson1,
        title="Fine", body="Rude words",
    ).posts.get()  # fmt: skip
    post_report(user=school.users["student"], post=fine, reason="rude")
    client.force_login(school.users["staff"])
    listing = reverse(Post.snippet_viewset.get_url_name("list"))
    html = client.get(listing, {"reported": "true"}).content.decode()
    assert "Rude words" in html and "spam.example" not in html
    html = client.get(listing, {"status": "pending"}).content.decode()
    assert "spam.example" in html
    url = reverse("wagtail_bulk_action", args=("discussions", "post", "hide"))
    response = client.post(f"{url}?id={fine.pk}", {"next": listing})
    assert response.status_code == 302
    fine.refresh_from_db()
    assert fine.status == Post.Status.HIDDEN
    assert not PostReport.objects.filter(resolved_at__isnull=True).exists()
    url = reverse("wagtail_bulk_action", args=("discussions", "post", "publish"))
    client.post(f"{url}?id={held.pk}", {"next": listing})
    held.refresh_from_db()
    assert held.status == Post.Status.PUBLISHED


def test_students_cannot_open_the_queue(client, school):
    client.force_login(school.users["student"])
    listing = reverse(Post.snippet_viewset.get_url_name("list"))
    assert client.get(listing).status_code in (302, 403)
