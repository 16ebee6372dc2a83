"""The sign-up form's extra field: the person's name (``ACCOUNT_SIGNUP_FORM_CLASS``).

allauth builds its sign-up form on top of this class
(https://docs.allauth.org/en/latest/account/forms.html#signup): the name goes on the user
before the account is saved, so the verification email already greets them by name and a
certificate prints it, never the email address.
"""

from django import forms


class SignupNameForm(forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        required=False,
        help_text="As it should appear on your certificate.",
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    field_order = ["first_name", "last_name"]

    def clean_first_name(self) -> str:
        name = " ".join(self.cleaned_data["first_name"].split())
        if not name:
            raise forms.ValidationError("Enter your first name.")
        return name

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data.get("last_name", "").split())

    def signup(self, request, user) -> None:
        """allauth calls this before saving the new user."""
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
