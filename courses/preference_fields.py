"""Extension point: more choices on the email preferences page and in its API.

The preferences page (``/notifications/``, ``courses.student_views``) and
``/api/v1/me/notifications/`` (``courses.api.me``) hold how a student hears about new weeks.
Other emails belong to apps that stand on ``courses`` (the discussions' replies and digests,
...), which ``courses`` never imports (imports point down, see docs/architecture.md). So
``courses`` keeps this registry: an app registers a ``PreferenceFieldsForm`` subclass from its
``AppConfig.ready()``; the page shows each registered form as a fieldset (its ``legend``), in
``order``, below the new-week choice, and the API adds each form field as a field of the same
name (so field names are unique across apps: prefix them, ``discussion_delivery``).

One validation: the page and the API both run the form (``is_valid``), and save only when
every form is valid, so a bad value changes nothing. The API maps the form's fields to JSON
fields (choice, integer with its bounds, text with its length); a value the API is not sent
keeps its current value.
"""

from __future__ import annotations

from django import forms

from engine.registry import OrderedRegistry


class PreferenceFieldsForm(forms.Form):
    """A group of preference fields owned by another app, for one ``user``."""

    #: The fieldset's title on the page, and its ``id`` (a link can point at it).
    legend: str = ""
    anchor: str = ""

    def __init__(self, data=None, *, user, **kwargs) -> None:
        self.user = user
        super().__init__(data, initial=self.current(user), **kwargs)

    @classmethod
    def current(cls, user) -> dict:
        """The user's current values, by field name."""
        raise NotImplementedError

    def save(self) -> None:
        """Store ``cleaned_data`` for ``self.user`` (called only when valid)."""
        raise NotImplementedError


_registry: OrderedRegistry[type[PreferenceFieldsForm]] = OrderedRegistry()


def preference_fields_register(
    *, name: str, form: type[PreferenceFieldsForm], order: int = 50
) -> None:
    """Show ``form``'s fields on the preferences page and in its API (registering ``name``
    again replaces it)."""
    _registry.register(name=name, item=form, order=order)


def preference_fields_unregister(*, name: str) -> None:
    _registry.unregister(name=name)


def preference_fields_registered() -> list[type[PreferenceFieldsForm]]:
    return _registry.items()


def preference_forms(user, data=None) -> list[PreferenceFieldsForm]:
    """One bound (``data``) or unbound form per registered group, for ``user``. A group that
    ``data`` does not mention at all (a form posted before the group existed, a client that
    only knows the release emails) is bound to the user's current values, so it keeps them."""
    forms_ = []
    for form in preference_fields_registered():
        if data is not None and not any(name in data for name in form.base_fields):
            forms_.append(form(form.current(user), user=user))
        else:
            forms_.append(form(data, user=user))
    return forms_
