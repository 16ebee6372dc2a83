"""The comment form readers fill in under an article (and under a comment, to reply)."""

from django import forms
from django.core.exceptions import ValidationError

from wagtail.models import Page

from community.models import COMMENT_MAX_LENGTH, Comment


class CommentForm(forms.Form):
    """Parses the POST; ``community.services.comment_create`` applies the rules."""

    body = forms.CharField(
        label="Your comment",
        # The length limit is the service's rule (its message gives the count); the
        # textarea's maxlength attribute stops a browser before it gets that far.
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={"required": "Write something before posting your comment."},
        help_text="Plain text. Links are allowed but wait for an editor's approval.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page: Page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.filter(pk=parent_id, page_id=self.page.pk).first()
        if parent is None:
            raise ValidationError("The comment you replied to is no longer available.")
        return parent

    @property
    def reply_to_id(self) -> int | None:
        """The comment this (bound) form replies to, so errors show under the right one."""
        if not self.is_bound:
            return None
        try:
            return int(self.data.get("parent") or 0) or None
        except (TypeError, ValueError):
            return None
