"""Emails to registrants: they are not users of the portal, so no in-app notification."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from accounts.branding import email_prefix


def ticket_link(registration) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{registration.get_ticket_url()}"


def email_registrant(*, registration, subject: str, body: str, with_ticket: bool = True) -> bool:
    """Send after commit when the registrant gave an email; False when there is none."""
    address = registration.person_email
    if not address:
        return False
    lines = [body]
    if with_ticket:
        lines.append(ticket_link(registration))
    message = "\n\n".join(lines)
    full_subject = f"{email_prefix(unit=registration.event.unit)} {subject}"
    transaction.on_commit(
        lambda: send_mail(subject=full_subject, message=message, from_email=None, recipient_list=[address])
    )
    return True
