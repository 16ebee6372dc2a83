"""The account emails the outbox sends (``engine.outbox.kinds``), stored on their rows by
``cms.account_adapter``."""

from cms.account_adapter import ACCOUNT_KIND
from engine.outbox.kinds import EmailKind, email_kind_register

email_kind_register(
    EmailKind(ACCOUNT_KIND, "Account emails: address verification, password reset, notices")
)
