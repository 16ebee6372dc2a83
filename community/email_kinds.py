"""The community emails the outbox sends (``engine.outbox.kinds``), stored on their rows."""

from community.emails import COMMENT_REPLY_KIND
from engine.outbox.kinds import EmailKind, email_kind_register

email_kind_register(EmailKind(COMMENT_REPLY_KIND, "Someone replied to your comment"))
