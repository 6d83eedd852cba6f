"""Email over SMTP with smtplib: CASEWORK_SMTP_URL (smtp:// or smtps://), sender, STARTTLS.

A failure is raised as DeliveryFailed with the server's reply code or the kind of network
error, never the server's text (which may repeat the address).
"""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

from casework.notifications.errors import DeliveryFailed
from casework.notifications.messages import Message

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


def build_email(to_address: str, message: Message, config: Any) -> EmailMessage:
    """The email: plain text, from the configured sender."""
    sender = config["MAIL_SENDER"]
    email = EmailMessage()
    email["From"] = sender
    email["To"] = to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    email.set_content(message.body)
    return email


def _checked_email(to_address: str, message: Message, config: Any) -> EmailMessage:
    """The email, or a permanent DeliveryFailed unless the address is one plain address: with
    a comment or a bracket in it the header would name someone else, or raise."""
    try:
        email = build_email(to_address, message, config)
        plain = email["To"].addresses == (Address(addr_spec=to_address),)
    except Exception:  # the header parser raises several types (even AttributeError)
        plain = False
    if not plain:
        raise DeliveryFailed("invalid email address", permanent=True)
    return email


def _connect(config: Any) -> smtplib.SMTP:
    """An open connection to the configured server, secured and logged in as configured."""
    url = urlsplit(config["SMTP_URL"])
    if url.scheme not in DEFAULT_PORTS or not url.hostname:
        raise DeliveryFailed("CASEWORK_SMTP_URL must be smtp://host:port or smtps://host:port",
                             permanent=True)
    timeout = float(config["SMTP_TIMEOUT_SECONDS"])
    port = url.port or DEFAULT_PORTS[url.scheme]
    context = ssl.create_default_context()
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(url.hostname, port, timeout=timeout,
                                                context=context)
    else:
        client = smtplib.SMTP(url.hostname, port, timeout=timeout)
    try:
        if url.scheme == "smtp" and config["SMTP_STARTTLS"]:
            client.starttls(context=context)
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
    except BaseException:
        client.close()
        raise
    return client


def send_email(to_address: str, message: Message, config: Any) -> None:
    """Hand one email to the SMTP server, or raise DeliveryFailed."""
    email = _checked_email(to_address, message, config)
    try:
        client = _connect(config)
        try:
            client.send_message(email)
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = sorted({code for code, _text in exc.recipients.values()})
        raise DeliveryFailed(f"SMTP recipient refused ({codes[0] if codes else '?'})",
                             permanent=all(code >= 500 for code in codes)) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryFailed(f"SMTP {exc.smtp_code}", permanent=False) from None
    except smtplib.SMTPException as exc:
        raise DeliveryFailed(f"SMTP {type(exc).__name__}") from None
    except OSError as exc:  # refused, unreachable, timed out, TLS failed
        raise DeliveryFailed(f"SMTP connection: {type(exc).__name__}") from None
