"""The discussions API's JSON shapes (``api.py``); named ``Discussion...`` so the schema's
components never clash with another app's."""

from rest_framework import serializers

from community.discussions.models import POST_MAX_LENGTH, TITLE_MAX_LENGTH, Notification, Post


class DiscussionAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Their full name, or 'Class member'.")


class DiscussionPostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thread_id = serializers.IntegerField()
    reply_to = serializers.IntegerField(allow_null=True, help_text="The post this one answers.")
    author = DiscussionAuthorSerializer()
    status = serializers.ChoiceField(choices=Post.Status.choices)
    held_reason = serializers.CharField(help_text="Why a pending post awaits a moderator.")
    body = serializers.CharField(
        allow_blank=True, help_text="The Markdown as written (plain text; empty once deleted)."
    )
    body_html = serializers.CharField(
        allow_blank=True, help_text="The body rendered and sanitised: safe to insert as HTML."
    )
    moment = serializers.FloatField(
        allow_null=True, help_text="Seconds into the lesson video the post is about."
    )
    moment_label = serializers.CharField(allow_blank=True, help_text='"3:12", or empty.')
    is_answer = serializers.BooleanField(help_text="Marked as the coach's answer.")
    like_count = serializers.IntegerField()
    liked = serializers.BooleanField(help_text="Whether I like it.")
    editable = serializers.BooleanField(help_text="Whether I may still edit it.")
    editable_until = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)


class DiscussionThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cohort_id = serializers.IntegerField()
    lesson_id = serializers.IntegerField()
    title = serializers.CharField()
    author = DiscussionAuthorSerializer()
    from_prompt = serializers.BooleanField()
    pinned = serializers.BooleanField()
    closed = serializers.BooleanField()
    hidden = serializers.BooleanField()
    answered = serializers.BooleanField(help_text="Has a coach's answer.")
    reply_count = serializers.IntegerField()
    followed = serializers.BooleanField(help_text="Whether I follow it.")
    created_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="The thread on its discussion page.")
    posts = DiscussionPostSerializer(many=True)


class DiscussionAccessSerializer(serializers.Serializer):
    can_read = serializers.BooleanField()
    can_post = serializers.BooleanField()
    can_moderate = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    message = serializers.CharField(allow_blank=True)


class DiscussionThreadPageSerializer(serializers.Serializer):
    cohort_id = serializers.IntegerField()
    lesson_id = serializers.IntegerField()
    prompt = serializers.CharField(allow_blank=True, help_text="The lesson's discussion prompt.")
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()
    has_previous = serializers.BooleanField()
    around = serializers.FloatField(allow_null=True)
    moments = serializers.ListField(
        child=serializers.FloatField(), help_text="Moments the class discussed (seconds)."
    )
    access = DiscussionAccessSerializer()
    threads = DiscussionThreadSerializer(many=True)


class DiscussionThreadCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH, allow_blank=True)
    body = serializers.CharField(max_length=POST_MAX_LENGTH, allow_blank=True)
    moment = serializers.FloatField(
        required=False, allow_null=True, help_text="Seconds into the video (0 to 86400)."
    )
    from_prompt = serializers.BooleanField(
        required=False, default=False, help_text="Started from the lesson's prompt."
    )


class DiscussionPostCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=POST_MAX_LENGTH, allow_blank=True)
    moment = serializers.FloatField(required=False, allow_null=True)
    reply_to = serializers.IntegerField(
        required=False, allow_null=True, help_text="The post answered; the opening one if none."
    )


class DiscussionPostEditSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=POST_MAX_LENGTH, allow_blank=True)
    moment = serializers.FloatField(required=False, allow_null=True)


class DiscussionThreadModerateSerializer(serializers.Serializer):
    pinned = serializers.BooleanField(required=False, allow_null=True, default=None)
    closed = serializers.BooleanField(required=False, allow_null=True, default=None)
    hidden = serializers.BooleanField(required=False, allow_null=True, default=None)


class DiscussionPostModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["hide", "publish"], help_text="hide a post, or publish a held one."
    )


class DiscussionLikeSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    like_count = serializers.IntegerField()


class DiscussionFollowSerializer(serializers.Serializer):
    followed = serializers.BooleanField()


class DiscussionReportCreateSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class DiscussionReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    post_id = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class DiscussionNotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=Notification.Reason.choices)
    message = serializers.CharField(help_text='"Ana replied to your post", for a person.')
    read = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    post_id = serializers.IntegerField()
    thread_id = serializers.IntegerField()
    thread_title = serializers.CharField()
    lesson_title = serializers.CharField()
    moment = serializers.FloatField(allow_null=True)
    url = serializers.CharField(help_text="Opens the post (and marks it read).")


class DiscussionNotificationListSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()
    results = DiscussionNotificationSerializer(many=True)


class DiscussionMarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_null=True,
        max_length=500,
        help_text="The notifications to mark read; all of mine when left out.",
    )


class DiscussionMarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")
    unread_count = serializers.IntegerField()
