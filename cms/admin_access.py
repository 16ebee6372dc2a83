"""May this user use the Wagtail admin? Remembered per user until permissions change.

``user.has_perm("wagtailadmin.access_admin")`` loads all of a user's permissions in two
queries; every HTML page asks (the editor's userbar) and so does the lesson access policy.
The answer is the same as ``ModelBackend``'s (active users, direct or group permissions;
superusers always), read in one ``EXISTS`` and then remembered in the cache under the
*permissions generation*: a random token replaced whenever a user's groups or permissions, a
group's permissions, a group or a permission change (the signal receivers below, connected
in ``CmsConfig.ready``), at once and again on commit, so an answer read before the commit
is never served after it. Planning that ``EXISTS`` cost PostgreSQL more than a millisecond
on every signed-in page. The answer also lives at most ``_SECONDS``, and a cache outage only
means the query again. On the request, the answer is kept on the user object.
"""

import uuid

from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

_ATTRIBUTE = "_can_use_admin"
_GENERATION_KEY = "admin-access:generation"
_SECONDS = 300


def _user_key(user_id: int) -> str:
    return f"admin-access:user:{user_id}"


def user_can_use_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    known = getattr(user, _ATTRIBUTE, None)
    if known is None:
        known = _remembered_answer(user.pk)
        setattr(user, _ATTRIBUTE, known)  # for the rest of this request
    return known


def _remembered_answer(user_id: int) -> bool:
    key = _user_key(user_id)
    found = cache.get_many([_GENERATION_KEY, key])
    generation, entry = found.get(_GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:  # read before the query: a change meanwhile makes it stale
        cache.add(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(_GENERATION_KEY)
    answer = Permission.objects.filter(
        Q(user=user_id) | Q(group__user=user_id),
        codename="access_admin",
        content_type__app_label="wagtailadmin",
    ).exists()
    if generation is not None:
        cache.set(key, (generation, answer), timeout=_SECONDS)
    return answer


def _replace_generation() -> None:
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def admin_access_changed(sender=None, **kwargs) -> None:
    """Receiver: a user's groups or permissions, a group's permissions, a group or a
    permission changed. Every remembered answer goes stale now and again on commit."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    _replace_generation()
    transaction.on_commit(_replace_generation, robust=True)
