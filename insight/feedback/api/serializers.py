"""Shapes of the lesson feedback API. Limits come from the models; the services check them
again (they are what the lesson panel calls too), with the same messages."""

from rest_framework import serializers

from courses.transcripts import format_timestamp
from insight.feedback.models import (
    COMMENT_MAX_LENGTH,
    MOMENT_MAX,
    NOTE_MAX_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
)


class RatingInputSerializer(serializers.Serializer):
    score = serializers.IntegerField(
        min_value=SCORE_MIN, max_value=SCORE_MAX, help_text="1 = not useful, 5 = very useful."
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH, default=""
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = f"Choose a rating from {SCORE_MIN} to {SCORE_MAX}."
        self.fields["score"].error_messages.update(
            {"min_value": message, "max_value": message, "invalid": message}
        )


class MyRatingSerializer(serializers.Serializer):
    lesson_id = serializers.IntegerField()
    rated = serializers.BooleanField(help_text="False until I rate the lesson.")
    score = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class FlagInputSerializer(serializers.Serializer):
    moment = serializers.FloatField(
        min_value=0,
        max_value=MOMENT_MAX,
        help_text="Seconds into the lesson video, no later than its end.",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH, default=""
    )


class FlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    moment = serializers.FloatField(help_text="Seconds into the lesson video.")
    moment_label = serializers.CharField(help_text='The moment as a reader sees it, "3:12".')
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    handled = serializers.SerializerMethodField()

    def get_handled(self, flag) -> bool:
        return flag.handled_at is not None


class QueueFlagSerializer(FlagSerializer):
    cohort = serializers.CharField(
        source="cohort.name", allow_null=True, default=None, help_text="The student's class."
    )
    handled_at = serializers.DateTimeField(allow_null=True)


class FlagGroupSerializer(serializers.Serializer):
    """Flags within 30 s of the group's first one (``insight.feedback.grouping``)."""

    start = serializers.FloatField()
    end = serializers.FloatField()
    start_label = serializers.SerializerMethodField()
    end_label = serializers.SerializerMethodField()
    size = serializers.IntegerField()
    flags = QueueFlagSerializer(many=True, source="items")

    def get_start_label(self, group) -> str:
        return format_timestamp(group.start)

    def get_end_label(self, group) -> str:
        return format_timestamp(group.end)


class QueueQuerySerializer(serializers.Serializer):
    include_handled = serializers.BooleanField(
        default=False, help_text="Also list the flags already handled."
    )


class RatingSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)


class FlagQueueSerializer(serializers.Serializer):
    lesson_id = serializers.IntegerField()
    title = serializers.CharField()
    ratings = RatingSummarySerializer()
    groups = FlagGroupSerializer(many=True)


class HandleInputSerializer(serializers.Serializer):
    flags = serializers.ListField(
        # A database id: at most 64 bits (a longer number would fail in the query, not here).
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        allow_empty=False,
        max_length=500,
        help_text="Ids of the lesson's flags to mark handled.",
    )


class HandledSerializer(serializers.Serializer):
    handled = serializers.IntegerField(help_text="Flags marked now (already handled: not counted).")
    open = serializers.IntegerField(help_text="The lesson's flags still open.")
