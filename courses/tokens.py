"""Signed tokens for links that must work signed-out: email preferences and the iCal feed.

Django's signing (https://docs.djangoproject.com/en/5.2/topics/signing/) with a salt per use,
so a calendar token cannot change preferences and vice versa. Rotating ``SECRET_KEY`` voids
them all.
"""

from django.core import signing

_PREFERENCES_SALT = "courses.notification-preferences"
_CALENDAR_SALT = "courses.calendar-feed"


def preferences_token(*, user_id: int) -> str:
    return signing.Signer(salt=_PREFERENCES_SALT).sign(str(user_id))


def calendar_token(*, user_id: int) -> str:
    return signing.Signer(salt=_CALENDAR_SALT).sign(str(user_id))


def _unsign(token: str, salt: str) -> int | None:
    try:
        return int(signing.Signer(salt=salt).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def preferences_token_user_id(token: str) -> int | None:
    return _unsign(token, _PREFERENCES_SALT)


def calendar_token_user_id(token: str) -> int | None:
    return _unsign(token, _CALENDAR_SALT)
