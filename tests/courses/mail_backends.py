"""Email backends for the release tests: locmem that counts connections, and one that
refuses some recipients the way an SMTP server refuses a mailbox."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

OPENED: list[int] = []


class CountingBackend(LocmemBackend):
    """Records each ``open()``: one per chunk means one SMTP session per chunk."""

    def open(self):
        OPENED.append(id(self))
        return True


class RefusingBackend(CountingBackend):
    """Refuses recipients whose address starts with ``bounce``."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.startswith("bounce") for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such mailbox")})
        return super().send_messages(messages)
