"""The Slack double itself, driven by the real slack_sdk: Slack-style errors, faults on demand."""

import json
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


@pytest.fixture
def client(slack_double):
    return WebClient(token=slack_double.token, base_url=slack_double.base_url)


def test_a_wrong_token_is_refused_slack_style(slack_double):
    bad = WebClient(token="xoxb-wrong", base_url=slack_double.base_url)
    with pytest.raises(SlackApiError) as raised:
        bad.auth_test()
    assert raised.value.response.status_code == 200
    assert raised.value.response["error"] == "invalid_auth"


def test_channels_and_members_follow_the_documented_errors(slack_double, client):
    ada = slack_double.user_add("ada@example.com")
    assert client.users_lookupByEmail(email="ADA@example.com")["user"]["id"] == ada
    channel = client.conversations_create(name="may-class", is_private=True)["channel"]
    assert channel["is_private"] is True
    with pytest.raises(SlackApiError, match="name_taken"):
        client.conversations_create(name="may-class")
    with pytest.raises(SlackApiError, match="invalid_name"):
        client.conversations_create(name="May Class!")
    client.conversations_invite(channel=channel["id"], users=ada)
    with pytest.raises(SlackApiError, match="already_in_channel"):
        client.conversations_invite(channel=channel["id"], users=ada)
    assert ada in client.conversations_members(channel=channel["id"])["members"]
    client.conversations_kick(channel=channel["id"], user=ada)
    with pytest.raises(SlackApiError, match="not_in_channel"):
        client.conversations_kick(channel=channel["id"], user=ada)
    with pytest.raises(SlackApiError, match="users_not_found"):
        client.users_lookupByEmail(email="nobody@example.com")
    client.conversations_archive(channel=channel["id"])
    with pytest.raises(SlackApiError, match="already_archived"):
        client.conversations_archive(channel=channel["id"])
    assert client.conversations_info(channel=channel["id"])["channel"]["is_archived"] is True


def test_the_list_pages_with_a_cursor(slack_double, client):
    for n in range(5):
        client.conversations_create(name=f"class-{n}")
    first = client.conversations_list(limit=2)
    cursor = first["response_metadata"]["next_cursor"]
    rest = client.conversations_list(limit=10, cursor=cursor)
    names = [c["name"] for c in first["channels"] + rest["channels"]]
    assert names == [f"class-{n}" for n in range(5)]
    assert rest["response_metadata"]["next_cursor"] == ""


def test_faults_set_over_http_answer_429_with_retry_after_then_5xx(slack_double, client):
    control = slack_double.base_url.replace("/api/", "/_double/faults")
    for fault in (
        {"method": "auth.test", "status": 429, "retry_after": 7},
        {"method": "auth.test", "status": 502},
    ):
        request = urllib.request.Request(  # noqa: S310 (the local double's http URL)
            control,
            data=json.dumps(fault).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        answer = json.load(urllib.request.urlopen(request))  # noqa: S310
        assert answer["ok"] is True
    with pytest.raises(SlackApiError) as limited:
        client.auth_test()
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["retry-after"] == "7"
    with pytest.raises(SlackApiError) as broken:
        client.auth_test()
    assert broken.value.response.status_code == 502
    assert client.auth_test()["ok"] is True
    assert [(r.method, r.status) for r in slack_double.requests()] == [
        ("auth.test", 429),
        ("auth.test", 502),
        ("auth.test", 200),
    ]


def test_down_answers_503_until_up_again(slack_double, client):
    slack_double.set_down(True)
    with pytest.raises(SlackApiError) as raised:
        client.auth_test()
    assert raised.value.response.status_code == 503
    slack_double.set_down(False)
    assert client.auth_test()["ok"] is True
