"""The project's allauth account adapter (``ACCOUNT_ADAPTER``).

https://docs.allauth.org/en/latest/account/advanced.html#custom-redirects : the adapter is
allauth's documented hook for every form that takes an email address (sign-up, adding an
address, password reset) and for the headless API's inputs, which reuse those forms.
"""

from allauth.account.adapter import DefaultAccountAdapter

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError


def email_max_length() -> int:
    return get_user_model()._meta.get_field("email").max_length


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """Refuse an address longer than we can store.

        allauth stores the address on the user with ``user_field``, which cuts a value to the
        column's length without a word: a 300-character address became a 254-character one
        with no domain, and its owner could never sign in.
        """
        limit = email_max_length()
        if len(email) > limit:
            raise ValidationError(
                f"Enter an email address of at most {limit} characters "
                f"(this one has {len(email)}).",
                code="max_length",
            )
        return super().clean_email(email)
