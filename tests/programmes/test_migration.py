"""The model programmes left `ventures` for their own app without losing a row.

A database is migrated to the last state before the move (`ventures` 0004), filled
through the historical models (a programme, participants with their history, a
training with its attendance, support, an evaluation, and the content types and
permissions the admin made), then migrated to the end. Every row comes back in the
`programmes_*` tables with its foreign keys, history rows and content types.

The suite runs with `--nomigrations`, so the test migrates a database of its own (an
in-memory SQLite one), with the project's migrations switched back on, outside the test
database's transaction.
"""

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

ALIAS = "programmes_move"
BEFORE = [("ventures", "0004_erasure_request")]
AFTER = [("programmes", "0002_tables_and_constraints_renamed"), ("ventures", "0005_programmes_moved_out")]
MOVED = [
    "modelprogramme",
    "programmeparticipant",
    "historicalprogrammeparticipant",
    "trainingsession",
    "trainingattendance",
    "supportrecord",
]
AT = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def connection(settings, django_db_blocker):
    """A fresh in-memory SQLite database under its own alias, and the real migrations."""
    settings.MIGRATION_MODULES = {}
    configured = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: {},
            ALIAS: {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        }
    )
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def _fill(apps) -> dict:
    """Rows of every moved model, written as they stood in `ventures`."""
    db = ALIAS
    Unit = apps.get_model("accounts", "Unit")
    User = apps.get_model("accounts", "User")
    Entrepreneur = apps.get_model("ventures", "Entrepreneur")
    Venture = apps.get_model("ventures", "Venture")
    Programme = apps.get_model("ventures", "ModelProgramme")
    Participant = apps.get_model("ventures", "ProgrammeParticipant")
    History = apps.get_model("ventures", "HistoricalProgrammeParticipant")
    Session = apps.get_model("ventures", "TrainingSession")
    Attendance = apps.get_model("ventures", "TrainingAttendance")
    Support = apps.get_model("ventures", "SupportRecord")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")

    staff = User.objects.using(db).create(username="tinhdoan")
    province = Unit.objects.using(db).create(name="Tỉnh đoàn Sơn La", kind="province", code="son-la", path="/1/")
    commune = Unit.objects.using(db).create(
        name="Đoàn xã Mai Sơn", kind="commune", code="mai-son", parent=province, path="/1/2/"
    )
    owner = Entrepreneur.objects.using(db).create(
        full_name="Lò Văn Hìn", date_of_birth=datetime.date(1996, 4, 2), gender="male", ethnicity="thai", unit=commune
    )
    ventures = []
    for name in ("Trại dê bản Hìn", "Vườn chanh leo Nà Tre"):
        venture = Venture.objects.using(db).create(
            name=name, kind="pioneer_secretary", sector="livestock", unit=commune, status="active"
        )
        venture.owners.add(owner)
        ventures.append(venture)
    programme = Programme.objects.using(db).create(
        name="Bí thư Chi đoàn tiên phong khởi nghiệp",
        unit=province,
        start_date=datetime.date(2026, 6, 1),
        end_date=datetime.date(2027, 12, 31),
        registration_deadline=datetime.date(2026, 6, 22),
        eligible_kinds=["pioneer_secretary"],
        status="active",
        created_by=staff,
    )
    evaluated = Participant.objects.using(db).create(
        programme=programme,
        venture=ventures[0],
        unit=commune,
        sector="livestock",
        status="selected",
        registered_by=staff,
        selected_by=staff,
        selected_at=AT,
        is_successful=True,
        to_commend=True,
        evaluation_note="Tăng đàn lên 120 con.",
        evaluated_by=staff,
        evaluated_at=AT,
    )
    registered = Participant.objects.using(db).create(
        programme=programme, venture=ventures[1], unit=commune, sector="crops", status="registered"
    )
    for participant, changes in ((evaluated, ("+", "~", "~")), (registered, ("+",))):
        for number, kind in enumerate(changes):
            History.objects.using(db).create(
                id=participant.pk,
                created_at=participant.created_at,
                updated_at=participant.updated_at,
                programme_id=programme.pk,
                venture_id=participant.venture_id,
                unit_id=commune.pk,
                sector=participant.sector,
                status="registered" if number == 0 else "selected",
                is_successful=number == 2,
                to_commend=number == 2,
                history_date=AT + datetime.timedelta(days=number),
                history_type=kind,
                history_user=staff,
            )
    session = Session.objects.using(db).create(
        programme=programme, title="Lớp tập huấn khởi nghiệp", date=datetime.date(2026, 7, 15), created_by=staff
    )
    Attendance.objects.using(db).create(session=session, participant=evaluated, attended=True)
    Attendance.objects.using(db).create(session=session, participant=registered, attended=False, note="Xin phép")
    Support.objects.using(db).create(
        participant=evaluated,
        kind="loan_vbsp",
        date=datetime.date(2026, 8, 20),
        amount=50_000_000,
        provider="NHCSXH chi nhánh tỉnh Sơn La",
        recorded_by=staff,
    )
    content_types = {
        model: ContentType.objects.using(db).create(app_label="ventures", model=model).pk for model in MOVED
    }
    permission = Permission.objects.using(db).create(
        name="Can add programme", codename="add_modelprogramme", content_type_id=content_types["modelprogramme"]
    )
    staff.user_permissions.add(permission)
    return {
        "staff": staff.pk,
        "commune": commune.pk,
        "ventures": [v.pk for v in ventures],
        "programme": programme.pk,
        "participants": [evaluated.pk, registered.pk],
        "session": session.pk,
        "content_types": content_types,
        "permission": permission.pk,
    }


def _migrate(connection, targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what was applied, read again
    return executor.loader.project_state(targets).apps


def test_the_move_keeps_every_row_foreign_key_history_row_and_content_type(connection):
    made = _fill(_migrate(connection, BEFORE))

    apps = _migrate(connection, AFTER)

    db = ALIAS
    tables = set(connection.introspection.table_names())
    assert {f"programmes_{model}" for model in MOVED} <= tables
    assert not {f"ventures_{model}" for model in MOVED} & tables
    programme = apps.get_model("programmes", "ModelProgramme").objects.using(db).get()
    assert (programme.pk, programme.unit.code, programme.created_by_id) == (made["programme"], "son-la", made["staff"])
    assert programme.eligible_kinds == ["pioneer_secretary"]
    Participant = apps.get_model("programmes", "ProgrammeParticipant")
    participants = Participant.objects.using(db).order_by("pk")
    assert [(p.pk, p.programme_id, p.venture_id, p.unit_id, p.status) for p in participants] == [
        (made["participants"][0], made["programme"], made["ventures"][0], made["commune"], "selected"),
        (made["participants"][1], made["programme"], made["ventures"][1], made["commune"], "registered"),
    ]
    evaluated = participants[0]
    assert (evaluated.is_successful, evaluated.to_commend, evaluated.evaluated_by_id, evaluated.evaluated_at) == (
        True,
        True,
        made["staff"],
        AT,
    )
    history = apps.get_model("programmes", "HistoricalProgrammeParticipant").objects.using(db)
    assert list(history.order_by("id", "history_date").values_list("id", "history_type", "history_user_id")) == [
        (made["participants"][0], "+", made["staff"]),
        (made["participants"][0], "~", made["staff"]),
        (made["participants"][0], "~", made["staff"]),
        (made["participants"][1], "+", made["staff"]),
    ]
    session = apps.get_model("programmes", "TrainingSession").objects.using(db).get()
    assert (session.pk, session.programme_id) == (made["session"], made["programme"])
    assert sorted(session.participants.values_list("pk", flat=True)) == made["participants"]
    attendance = apps.get_model("programmes", "TrainingAttendance").objects.using(db).order_by("participant_id")
    assert [(a.participant_id, a.attended, a.note) for a in attendance] == [
        (made["participants"][0], True, ""),
        (made["participants"][1], False, "Xin phép"),
    ]
    support = apps.get_model("programmes", "SupportRecord").objects.using(db).get()
    assert (support.participant_id, support.kind, support.amount) == (made["participants"][0], "loan_vbsp", 50_000_000)
    assert evaluated.venture.owners.get().full_name == "Lò Văn Hìn"  # the registry's side is untouched
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert (
        dict(ContentType.objects.using(db).filter(model__in=MOVED).values_list("model", "pk")) == made["content_types"]
    )
    assert set(ContentType.objects.using(db).filter(model__in=MOVED).values_list("app_label", flat=True)) == {
        "programmes"
    }
    permission = apps.get_model("auth", "Permission").objects.using(db).get(pk=made["permission"])
    assert (permission.content_type.app_label, permission.user_set.get().pk) == ("programmes", made["staff"])
    # The renamed table keeps its id sequence: a new programme takes the next id.
    fields = ("unit_id", "start_date", "end_date", "registration_deadline")
    again = (
        type(programme).objects.using(db).create(name="Chương trình mới", **{f: getattr(programme, f) for f in fields})
    )
    assert again.pk > programme.pk


def test_the_organising_unit_becomes_the_owner(connection):
    made = _fill(_migrate(connection, BEFORE))

    apps = _migrate(connection, [("programmes", "0003_modelprogramme_owner")])

    programme = apps.get_model("programmes", "ModelProgramme").objects.using(ALIAS).get()
    assert (programme.pk, programme.owner.code) == (made["programme"], "son-la")
