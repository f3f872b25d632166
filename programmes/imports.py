"""Import a unit's registration list for a programme "theo mẫu" from Excel.

All or nothing, like the registry's import: every row is validated first; if any
cell is wrong the report names each bad row and column and nothing is saved. A
person already on the portal (same CCCD, or same name, birth date and unit) and a
venture already on the portal (same name within the unit) are reused, not copied.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit, User
from accounts.scoping import access_of
from common.choices import Ethnicity, Gender
from common.excel import (
    ImportReport,
    RowError,
    SheetRow,
    build_workbook,
    cell_text,
    digits_from_number,
    read_sheet,
)
from common.formatting import format_date
from common.history import records_actor
from common.validators import normalize_phone, validate_birth_date
from ventures.imports import choice_lookup, collect_errors, fold
from ventures.models import Entrepreneur, Venture

from .models import ModelProgramme, ProgrammeParticipant
from .services import ImportedRow, participants_register_many, registration_refusal

COL_NAME = gettext_lazy("Họ và tên chủ mô hình (*)")
COL_BIRTH = gettext_lazy("Ngày sinh (*) dd/mm/yyyy")
COL_GENDER = gettext_lazy("Giới tính (*) Nam/Nữ")
COL_ETHNICITY = gettext_lazy("Dân tộc")
COL_PHONE = gettext_lazy("Số điện thoại")
COL_CITIZEN_ID = gettext_lazy("Số CCCD (12 số)")
COL_BRANCH = gettext_lazy("Chi đoàn (nơi làm Bí thư)")
COL_UNIT = gettext_lazy("Mã đơn vị đăng ký (*)")
COL_ADDRESS = gettext_lazy("Địa chỉ (thôn/bản, xã/phường)")
COL_VENTURE = gettext_lazy("Tên mô hình (*)")
COL_SECTOR = gettext_lazy("Nhóm ngành nghề (*)")
COL_FOUNDED = gettext_lazy("Ngày bắt đầu mô hình dd/mm/yyyy")
COL_DESCRIPTION = gettext_lazy("Quy mô, sản phẩm")
COL_EMPLOYEES = gettext_lazy("Số lao động")
COL_REVENUE = gettext_lazy("Doanh thu năm (đồng)")
COL_NEEDS = gettext_lazy("Nhu cầu hỗ trợ")

COLUMNS = [
    COL_NAME,
    COL_BIRTH,
    COL_GENDER,
    COL_ETHNICITY,
    COL_PHONE,
    COL_CITIZEN_ID,
    COL_BRANCH,
    COL_UNIT,
    COL_ADDRESS,
    COL_VENTURE,
    COL_SECTOR,
    COL_FOUNDED,
    COL_DESCRIPTION,
    COL_EMPLOYEES,
    COL_REVENUE,
    COL_NEEDS,
]
PERSON_COLUMNS = {
    "full_name": COL_NAME,
    "date_of_birth": COL_BIRTH,
    "gender": COL_GENDER,
    "ethnicity": COL_ETHNICITY,
    "phone": COL_PHONE,
    "citizen_id": COL_CITIZEN_ID,
    "address": COL_ADDRESS,
}
VENTURE_COLUMNS = {
    "name": COL_VENTURE,
    "sector": COL_SECTOR,
    "founded_on": COL_FOUNDED,
    "description": COL_DESCRIPTION,
    "employees": COL_EMPLOYEES,
    "annual_revenue": COL_REVENUE,
}
PARTICIPANT_COLUMNS = {"branch_name": COL_BRANCH, "sector": COL_SECTOR, "support_needs": COL_NEEDS}


def template_workbook(*, programme: ModelProgramme) -> bytes:
    kinds = "; ".join(programme.eligible_kind_labels) or _("mọi loại hình")
    guide = [
        [_("Cột"), _("Cách ghi")],
        [_("Chương trình"), programme.name],
        [_("Hạn gửi danh sách"), format_date(programme.registration_deadline)],
        [_("Loại hình được nhận"), kinds],
        [str(COL_BIRTH), _("Ngày/tháng/năm, ví dụ 05/09/1993.")],
        [str(COL_GENDER), ", ".join(str(label) for _v, label in Gender.choices)],
        [str(COL_ETHNICITY), ", ".join(label for _v, label in Ethnicity.choices)],
        [str(COL_UNIT), _("Mã đơn vị trên cổng (xem trang Đơn vị), ví dụ: mai-son.")],
        [str(COL_SECTOR), "; ".join(str(label) for _v, label in Venture.Sector.choices)],
        [
            _("Lưu ý"),
            _(
                "Mỗi dòng một mô hình. Người có cùng số CCCD, hoặc cùng họ tên, ngày sinh và đơn vị, "
                "và mô hình cùng tên trong đơn vị đã có trên cổng thì được dùng lại, không tạo mới."
            ),
        ],
    ]
    return build_workbook(
        title=_("Danh sách đăng ký"),
        headers=[str(c) for c in COLUMNS],
        rows=[],
        widths=[28, 20, 18, 12, 14, 16, 24, 20, 32, 34, 28, 20, 36, 12, 18, 36],
        extra_sheets={_("Hướng dẫn"): guide},
    )


def _date(value, *, column, fail) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if value in (None, ""):
        return None
    try:
        return datetime.datetime.strptime(cell_text(value), "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
    except ValueError:
        fail(column, _("Ngày phải theo dạng dd/mm/yyyy."))
        return None


class _Registry:
    """What the file is checked against, loaded in a fixed number of queries."""

    def __init__(self, *, programme: ModelProgramme, actor, rows: list[SheetRow], today: datetime.date | None = None):
        self.programme = programme
        self.today = today
        self.access = access_of(actor)
        self.units = {
            u.code: u for u in Unit.objects.visible_to(actor).active().filter(path__startswith=programme.owner.path)
        }
        codes = {cell_text(r.values.get(str(COL_UNIT))) for r in rows}
        file_units = [u for code, u in self.units.items() if code in codes]
        ids = {_citizen_id(r.values) for r in rows} - {""}
        self.people_by_id = {
            p.citizen_id: p for p in Entrepreneur.objects.filter(citizen_id__in=ids).select_related("unit")
        }
        self.people_by_identity = {
            (fold(p.full_name), p.date_of_birth, p.unit_id): p
            for p in Entrepreneur.objects.filter(unit__in=file_units)
        }
        self.ventures: dict[str, list[Venture]] = {}
        if file_units:
            subtree = reduce(or_, (Q(unit__path__startswith=u.path) for u in file_units))
            for venture in Venture.objects.filter(subtree).select_related("unit").prefetch_related("owners"):
                self.ventures.setdefault(fold(venture.name), []).append(venture)
        self.registered = set(
            ProgrammeParticipant.objects.filter(programme=programme).values_list("venture_id", flat=True)
        )

    def person(self, person: Entrepreneur) -> Entrepreneur | None:
        if person.citizen_id and person.citizen_id in self.people_by_id:
            return self.people_by_id[person.citizen_id]
        return self.people_by_identity.get((fold(person.full_name), person.date_of_birth, person.unit_id))

    def venture(self, name: str, unit: Unit) -> Venture | None:
        for venture in self.ventures.get(fold(name), []):
            if venture.unit.is_within(unit):
                return venture
        return None


def _citizen_id(values: dict) -> str:
    raw = values.get(str(COL_CITIZEN_ID))
    return digits_from_number(raw, width=12) or cell_text(raw)


class _RowParser:
    def __init__(self, registry: _Registry):
        self.registry = registry
        self.genders = choice_lookup(Gender.choices)
        self.ethnicities = choice_lookup(Ethnicity.choices)
        self.sectors = choice_lookup(Venture.Sector.choices)

    def parse(self, row: SheetRow, errors: list[RowError]) -> ImportedRow:
        values = {str(k): v for k, v in row.values.items()}

        def fail(column, message):
            errors.append(RowError(row=row.number, column=str(column), message=str(message)))

        def cell(column) -> str:
            return cell_text(values.get(str(column)))

        code = cell(COL_UNIT)
        unit = self.registry.units.get(code)
        if not code:
            fail(COL_UNIT, _("Chưa ghi mã đơn vị."))
        elif unit is None:
            fail(
                COL_UNIT,
                _("Mã đơn vị '%(code)s' không có, đã giải thể, không thuộc chương trình hoặc bạn không quản lý.")
                % {"code": code},
            )
        person = Entrepreneur(
            full_name=" ".join(cell(COL_NAME).split()),
            date_of_birth=_date(values.get(str(COL_BIRTH)), column=COL_BIRTH, fail=fail),
            phone=normalize_phone(digits_from_number(values.get(str(COL_PHONE)), width=10) or cell(COL_PHONE)),
            citizen_id=_citizen_id(values),
            address=cell(COL_ADDRESS),
            unit=unit,
        )
        for column, attr, table, message in (
            (COL_GENDER, "gender", self.genders, _("Giới tính phải là Nam, Nữ hoặc Khác.")),
            (COL_ETHNICITY, "ethnicity", self.ethnicities, _("Không có dân tộc này trong danh mục 54 dân tộc.")),
        ):
            raw = cell(column)
            if raw:
                setattr(person, attr, table.get(fold(raw), ""))
                if not getattr(person, attr):
                    fail(column, message)
        sector = cell(COL_SECTOR)
        sector_value = self.sectors.get(fold(sector), "") if sector else ""
        if sector and not sector_value:
            fail(
                COL_SECTOR, _("Giá trị '%(value)s' không có trong danh mục (xem trang Hướng dẫn).") % {"value": sector}
            )
        venture = Venture(
            name=cell(COL_VENTURE),
            kind=self.registry.programme.default_kind,
            sector=sector_value,
            unit=unit,
            founded_on=_date(values.get(str(COL_FOUNDED)), column=COL_FOUNDED, fail=fail),
            address=person.address,
            description=cell(COL_DESCRIPTION),
        )
        for column, attr in ((COL_EMPLOYEES, "employees"), (COL_REVENUE, "annual_revenue")):
            raw = cell(column).replace(".", "").replace(",", "").replace(" ", "")
            if raw.isdigit():
                setattr(venture, attr, int(raw))
            elif raw:
                fail(column, _("Phải là số nguyên không âm."))
        participant = ProgrammeParticipant(
            programme=self.registry.programme,
            unit=unit,
            branch_name=cell(COL_BRANCH),
            sector=sector_value,
            support_needs=cell(COL_NEEDS),
        )
        return ImportedRow(person=person, venture=venture, participant=participant)


def _validate(parsed: ImportedRow, row: SheetRow, registry: _Registry, errors: list[RowError]) -> ImportedRow:
    """Check the row's person, venture and registration; swap in records already on the portal."""
    number = row.number
    person, venture, participant = parsed.person, parsed.venture, parsed.participant
    try:
        person.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        collect_errors(error, number, PERSON_COLUMNS, errors)
    try:
        venture.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        collect_errors(error, number, VENTURE_COLUMNS, errors)
    try:
        participant.full_clean(
            exclude=["programme", "unit", "venture"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        collect_errors(error, number, PARTICIPANT_COLUMNS, errors)
    existing_person = registry.person(person)
    birth_reported = any(e.row == number and e.column == str(COL_BIRTH) for e in errors)
    if existing_person is None and not birth_reported:
        # A new person's age is checked; one already registered has aged since.
        try:
            validate_birth_date(person.date_of_birth, today=registry.today)
        except ValidationError as error:
            errors.append(RowError(number, str(COL_BIRTH), " ".join(error.messages)))
    unit = participant.unit if participant.unit_id else None
    if unit is None:
        return parsed
    if existing_person is not None:
        if not registry.access.reaches_path(existing_person.unit.path):
            errors.append(
                RowError(number, str(COL_CITIZEN_ID), _("Số CCCD này đã đăng ký ở đơn vị bạn không quản lý."))
            )
        person = existing_person
    existing_venture = registry.venture(venture.name, unit) if venture.name else None
    if existing_venture is not None:
        if person.pk is None or person.pk not in {o.pk for o in existing_venture.owners.all()}:
            errors.append(
                RowError(
                    number,
                    str(COL_VENTURE),
                    _("Mô hình '%(name)s' đã có trên cổng với chủ mô hình khác; hãy đăng ký qua biểu mẫu web.")
                    % {"name": existing_venture.name},
                )
            )
        elif existing_venture.pk in registry.registered:
            errors.append(RowError(number, str(COL_VENTURE), _("Mô hình này đã đăng ký tham gia chương trình.")))
        elif not registry.programme.accepts_kind(existing_venture.kind):
            errors.append(
                RowError(
                    number,
                    str(COL_VENTURE),
                    _("Chương trình chỉ nhận loại hình: %(kinds)s.")
                    % {"kinds": "; ".join(registry.programme.eligible_kind_labels)},
                )
            )
        venture = existing_venture
    return ImportedRow(person=person, venture=venture, participant=participant)


def _check_file_duplicates(rows: list[tuple[SheetRow, ImportedRow]], errors: list[RowError]) -> None:
    """The same person or the same venture twice in one file."""
    first_person: dict[tuple, int] = {}
    first_venture: dict[tuple, int] = {}
    for row, parsed in rows:
        person, venture = parsed.person, parsed.venture
        if not (person.date_of_birth and person.unit_id):
            continue
        identity = (
            ("pk", person.pk)
            if person.pk
            else ("new", person.citizen_id or (fold(person.full_name), person.date_of_birth, person.unit_id))
        )
        if identity in first_person:
            errors.append(
                RowError(
                    row.number, str(COL_NAME), _("Trùng người với dòng %(row)d.") % {"row": first_person[identity]}
                )
            )
        first_person.setdefault(identity, row.number)
        key = ("pk", venture.pk) if venture.pk else ("new", fold(venture.name), venture.unit_id)
        if key in first_venture:
            errors.append(
                RowError(
                    row.number, str(COL_VENTURE), _("Trùng mô hình với dòng %(row)d.") % {"row": first_venture[key]}
                )
            )
        first_venture.setdefault(key, row.number)


@records_actor
def import_participants(
    *, programme: ModelProgramme, uploaded, actor: User, today: datetime.date | None = None
) -> ImportReport:
    """Validate every row; register all of them in one transaction, or none.

    A new owner's date of birth must give an age of 14-45 on `today`.

    A fixed number of queries whatever the number of rows: units, people, ventures
    and earlier registrations are each looked up once for the whole file.
    """
    report = ImportReport()
    refusal = registration_refusal(programme=programme)
    if refusal:
        report.errors.append(RowError(0, "", refusal))
        return report
    rows = read_sheet(uploaded, headers=[str(c) for c in COLUMNS])
    if not rows:
        report.errors.append(RowError(0, "", _("Tệp không có dòng dữ liệu nào.")))
        return report
    registry = _Registry(programme=programme, actor=actor, rows=rows, today=today)
    parser = _RowParser(registry)
    checked = [(row, _validate(parser.parse(row, report.errors), row, registry, report.errors)) for row in rows]
    _check_file_duplicates(checked, report.errors)
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    report.created = participants_register_many(
        programme=programme, rows=[parsed for _row, parsed in checked], actor=actor
    )
    return report
