"""A real SMTP server for the tests of emails: aiosmtpd on a free port, with Django's SMTP backend sending
to it, and every message that arrives kept in the test case's inbox."""

import email
import email.policy
import socket

from aiosmtpd.controller import Controller
from django.test import TestCase, override_settings


class Inbox:
    """aiosmtpd's handler: keeps each message that arrives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServerTestCase(TestCase):
    """A TestCase whose emails go through Django's SMTP backend to a real server, kept in cls.inbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inbox = Inbox()
        cls.smtp = Controller(cls.inbox, hostname="127.0.0.1", port=free_port())
        cls.smtp.start()
        smtp = {"host": "127.0.0.1", "port": cls.smtp.port, "use_tls": False}
        cls.mail = override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": smtp}}
        )
        cls.mail.enable()

    @classmethod
    def tearDownClass(cls):
        cls.mail.disable()
        cls.smtp.stop()
        super().tearDownClass()
