"""Notifications and their emails are written in each recipient's language, whoever's request or
task makes them (common.i18n)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from common import services
from common.i18n import in_language_of, language_of, translated
from common.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_reader(db):
    return UserFactory(username="english-reader", language="en")


@pytest.fixture
def vietnamese_reader(db):
    return UserFactory(username="vietnamese-reader")


def _returned(recipient) -> Notification:
    return services.notification_create(
        recipient=recipient,
        key="reports.review:1",
        title=translated(gettext_lazy("Trả lại để sửa: %(period)s"), period="Quý III/2026"),
        body=translated(gettext_lazy("%(count)d hồ sơ chờ Hội đồng xem xét và bỏ phiếu."), count=3),
        url="/reports/",
        send_email=True,
    )


def test_language_of_a_person_or_anyone_else(english_reader, vietnamese_reader):
    assert language_of(english_reader) == "en"
    assert language_of(vietnamese_reader) == "vi"
    assert language_of(None) == "vi"  # a registrant, the system account
    assert language_of(UserFactory.build(language="fr")) == "vi"


def test_translated_is_read_in_the_language_active_then():
    message = translated(gettext_lazy("Trả lại để sửa: %(period)s"), period="Quý I")

    with translation.override("en"):
        english = str(message)
    with translation.override("vi"):
        vietnamese = str(message)

    assert (english, vietnamese) == ("Returned for revision: Quý I", "Trả lại để sửa: Quý I")


def test_each_recipient_reads_the_notification_in_their_language(english_reader, vietnamese_reader):
    with translation.override("en"):  # an English-speaking staff member's request makes both
        for_english, for_vietnamese = _returned(english_reader), _returned(vietnamese_reader)

    assert (for_english.title, for_english.body) == (
        "Returned for revision: Quý III/2026",
        "3 nomination(s) awaiting council review and voting.",
    )
    assert (for_vietnamese.title, for_vietnamese.body) == (
        "Trả lại để sửa: Quý III/2026",
        "3 hồ sơ chờ Hội đồng xem xét và bỏ phiếu.",
    )


def test_an_email_to_an_english_reader_is_english_and_to_another_vietnamese(
    english_reader, vietnamese_reader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _returned(english_reader)
        _returned(vietnamese_reader)

    emails = {message.to[0]: message for message in mailoutbox}
    english, vietnamese = emails[english_reader.email], emails[vietnamese_reader.email]
    assert english.subject.endswith("] Returned for revision: Quý III/2026")
    assert english.body.startswith("3 nomination(s) awaiting council review and voting.")
    assert vietnamese.subject.endswith("] Trả lại để sửa: Quý III/2026")
    assert vietnamese.body.startswith("3 hồ sơ chờ Hội đồng xem xét và bỏ phiếu.")


def test_the_batch_of_notifications_reads_each_in_its_recipients_language(english_reader, vietnamese_reader):
    rows = [
        Notification(
            recipient=reader, key="k", title=translated(gettext_lazy("Trả lại để sửa: %(period)s"), period="Q3")
        )
        for reader in (english_reader, vietnamese_reader)
    ]

    services.notifications_create(notifications=rows)

    titles = dict(Notification.objects.values_list("recipient__username", "title"))
    assert titles == {"english-reader": "Returned for revision: Q3", "vietnamese-reader": "Trả lại để sửa: Q3"}


def test_in_language_of_restores_the_language_after(english_reader):
    with in_language_of(english_reader) as language:
        assert (language, translation.get_language()) == ("en", "en")

    assert translation.get_language() == "vi"
