"""``GET /v1/events``: newest first, filters, cursor pagination; 30-day retention."""

import pytest
import stripe


@pytest.fixture
def history(make_session, stripe_double):
    """Three completed sessions (3 events each) and two expired ones, oldest first."""
    for _ in range(3):
        stripe_double.complete_session(make_session().id)
    for _ in range(2):
        stripe_double.expire_session(make_session().id)
    return stripe_double.events


def test_events_list_newest_first_with_pagination(client, history):
    newest_first = [e["id"] for e in reversed(history)]
    page = client.v1.events.list(params={"limit": 4})
    assert [e.id for e in page.data] == newest_first[:4]
    assert page.has_more is True
    page2 = client.v1.events.list(params={"limit": 4, "starting_after": page.data[-1].id})
    assert [e.id for e in page2.data] == newest_first[4:8]
    back = client.v1.events.list(params={"limit": 2, "ending_before": page2.data[0].id})
    assert [e.id for e in back.data] == newest_first[2:4]
    assert [e.id for e in client.v1.events.list(params={"limit": 3}).auto_paging_iter()] == (
        newest_first
    )


def test_events_filter_by_type_types_and_created(client, history, stripe_double):
    completed = client.v1.events.list(params={"type": "checkout.session.completed"}).data
    assert len(completed) == 3
    several = client.v1.events.list(
        params={"types": ["checkout.session.completed", "checkout.session.expired"]}
    ).data
    assert len(several) == 5
    wildcard = client.v1.events.list(params={"type": "checkout.session.*"}).data
    assert [e.id for e in wildcard] == [e.id for e in several]
    assert client.v1.events.list(params={"created": {"gt": stripe_double.now()}}).data == []
    until_now = client.v1.events.list(
        params={"created": {"lte": stripe_double.now()}, "limit": 100}
    )
    assert len(until_now.data) == len(history) == 11
    sent = stripe_double.requests_to("/v1/events")[1]
    assert sent.params["types"] == ["checkout.session.completed", "checkout.session.expired"]


def test_event_retrieve_and_retention(client, history, stripe_double):
    first = history[0]
    assert client.v1.events.retrieve(first["id"]).type == first["type"]
    stripe_double.advance_clock(30 * 24 * 3600)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.events.retrieve(first["id"])
    assert caught.value.http_status == 404
    assert client.v1.events.list().data == []
