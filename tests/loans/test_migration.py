"""Migrations 0003-0005: referrals made from contest entries keep their link when the
OneToOne into competitions becomes the key "contest-entry:<pk>" (history rows too)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import timezone

from tests.competitions.factories import EntryFactory
from tests.factories import UnitFactory
from tests.loans.factories import LoanProgrammeFactory
from tests.ventures.factories import EntrepreneurFactory

# Schema changes cannot run inside the test's transaction on SQLite.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("loans", "0002_phone_validators")]
AFTER = [("loans", "0005_remove_referral_contest_entry")]
DAY = datetime.date(2021, 11, 15)


@pytest.fixture
def executor():
    """The real migrations (the suite runs with --nomigrations), every one recorded as applied:
    the test database was built from the models, which match the last migration. Left at
    the last migration afterwards."""
    with override_settings(MIGRATION_MODULES={}):
        executor = MigrationExecutor(connection)
        applied = executor.recorder.applied_migrations()
        for node in executor.loader.graph.nodes:
            if node not in applied:
                executor.recorder.record_applied(*node)
        yield executor
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(executor, targets):
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_referrals_from_contest_entries_keep_their_link(executor):
    unit = UnitFactory()
    entry = EntryFactory(unit=unit, status="finished", capital_support=True, code="IV-017", title="Sấy mận hậu")
    other_entry = EntryFactory(unit=unit, status="finished", capital_support=True, code="IV-018", title="Chè Shan")
    programme_pk = LoanProgrammeFactory().pk
    people = [EntrepreneurFactory(unit=unit).pk for _ in range(2)]
    old = migrate(executor, BEFORE)
    Referral = old.get_model("loans", "Referral")
    HistoricalReferral = old.get_model("loans", "HistoricalReferral")
    common = {
        "unit_id": unit.pk,
        "programme_id": programme_pk,
        "amount": 90_000_000,
        "term_months": 36,
        "purpose": "Đầu tư dự án dự thi.",
        "status": "submitted",
        "status_on": DAY,
        "submitted_on": DAY,
    }
    from_entry = Referral.objects.create(entrepreneur_id=people[0], contest_entry_id=entry.pk, **common)
    plain = Referral.objects.create(entrepreneur_id=people[1], **common)
    for referral in (from_entry, plain):
        HistoricalReferral.objects.create(
            id=referral.pk,
            entrepreneur_id=referral.entrepreneur_id,
            contest_entry_id=referral.contest_entry_id,
            created_at=referral.created_at,
            updated_at=referral.updated_at,
            history_date=timezone.now(),
            history_type="+",
            **common,
        )
    # a history row of an entry since unlinked keeps its key, with no label to read
    HistoricalReferral.objects.create(
        id=plain.pk,
        entrepreneur_id=plain.entrepreneur_id,
        contest_entry_id=other_entry.pk,
        created_at=plain.created_at,
        updated_at=plain.updated_at,
        history_date=timezone.now(),
        history_type="~",
        **common,
    )

    new = migrate(executor, AFTER)

    Referral = new.get_model("loans", "Referral")
    HistoricalReferral = new.get_model("loans", "HistoricalReferral")
    label = f"IV-017 Sấy mận hậu · {entry.contest.name}"
    assert list(Referral.objects.order_by("pk").values_list("pk", "source_key", "source_label")) == [
        (from_entry.pk, f"contest-entry:{entry.pk}", label),
        (plain.pk, "", ""),
    ]
    assert list(HistoricalReferral.objects.order_by("history_id").values_list("id", "source_key", "source_label")) == [
        (from_entry.pk, f"contest-entry:{entry.pk}", label),
        (plain.pk, "", ""),
        (plain.pk, f"contest-entry:{other_entry.pk}", f"IV-018 Chè Shan · {other_entry.contest.name}"),
    ]

    # and back: the OneToOne is filled again from the keys
    Referral = migrate(executor, BEFORE).get_model("loans", "Referral")
    assert list(Referral.objects.order_by("pk").values_list("contest_entry_id", flat=True)) == [entry.pk, None]


def test_programmes_and_branches_go_to_the_province_that_kept_them(executor):
    """0006: rows from before ownership belong to the first province at the root, whose staff
    kept every programme and branch."""
    from accounts.models import Unit

    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind=Unit.Kind.PROVINCE)
    UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    old = migrate(executor, [("loans", "0005_remove_referral_contest_entry")])
    old.get_model("loans", "LoanProgramme").objects.create(
        name="Quỹ 120",
        code="quy-120",
        lender="union_fund",
        lender_name="Trung ương Đoàn",
        max_per_borrower=100_000_000,
        max_term_months=60,
        interest_rate="0.550",
    )
    old.get_model("loans", "BankBranch").objects.create(name="NHCSXH chi nhánh tỉnh Sơn La", kind="branch")

    new = migrate(executor, [("loans", "0006_programme_owner_branch_province")])

    assert list(new.get_model("loans", "LoanProgramme").objects.values_list("owner_id", flat=True)) == [province.pk]
    assert list(new.get_model("loans", "BankBranch").objects.values_list("province_id", flat=True)) == [province.pk]
