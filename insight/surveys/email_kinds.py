"""The survey emails the outbox sends (``engine.outbox.kinds``); content stored on the row."""

from engine.outbox.kinds import EmailKind, email_kind_register

SURVEY_INVITATION_KIND = "survey_invitation"

SURVEY_INVITATION = email_kind_register(
    EmailKind(
        name=SURVEY_INVITATION_KIND,
        description="A short survey is waiting: a week or the course ended, or a workshop or "
        "live session the student attended.",
    )
)
