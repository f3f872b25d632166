"""Import a unit's list of young entrepreneurs "theo mẫu" from Excel.

All or nothing: every row is validated first; if any cell is wrong the report
names each bad row and column and nothing is saved. A row that is probably a person
already in the registry the officer sees (`selectors.entrepreneur_matches`) is not saved
either until the officer chose, row by row, the existing person (the row's venture is then
added to them) or a new record.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit, User
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
from common.history import records_actor
from common.text import fold
from common.validators import normalize_phone, validate_birth_date

from .models import Entrepreneur, Venture
from .selectors import Match, entrepreneur_matches
from .services import entrepreneurs_register_many

# A row's choice, in `import_entrepreneurs(choices=...)`: the pk of an existing person, or this.
NEW_PERSON = "new"

# Column headers of the template, in order. The first ones are required.
COL_NAME = gettext_lazy("Họ và tên (*)")
COL_BIRTH = gettext_lazy("Ngày sinh (*) dd/mm/yyyy")
COL_GENDER = gettext_lazy("Giới tính (*) Nam/Nữ")
COL_ETHNICITY = gettext_lazy("Dân tộc")
COL_PHONE = gettext_lazy("Số điện thoại")
COL_EMAIL = gettext_lazy("Email")
COL_CITIZEN_ID = gettext_lazy("Số CCCD (12 số)")
COL_UNIT = gettext_lazy("Mã đơn vị (*)")
COL_ADDRESS = gettext_lazy("Địa chỉ (thôn/bản, xã/phường)")
COL_OCCUPATION = gettext_lazy("Nghề nghiệp")
COL_VENTURE = gettext_lazy("Tên mô hình")
COL_KIND = gettext_lazy("Loại hình mô hình")
COL_SECTOR = gettext_lazy("Lĩnh vực")
COL_EMPLOYEES = gettext_lazy("Số lao động")
COL_REVENUE = gettext_lazy("Doanh thu năm (đồng)")

COLUMNS = [
    COL_NAME,
    COL_BIRTH,
    COL_GENDER,
    COL_ETHNICITY,
    COL_PHONE,
    COL_EMAIL,
    COL_CITIZEN_ID,
    COL_UNIT,
    COL_ADDRESS,
    COL_OCCUPATION,
    COL_VENTURE,
    COL_KIND,
    COL_SECTOR,
    COL_EMPLOYEES,
    COL_REVENUE,
]

# Which model field a column's errors belong to, to name the column in the report.
FIELD_COLUMNS = {
    "full_name": COL_NAME,
    "date_of_birth": COL_BIRTH,
    "gender": COL_GENDER,
    "ethnicity": COL_ETHNICITY,
    "phone": COL_PHONE,
    "email": COL_EMAIL,
    "citizen_id": COL_CITIZEN_ID,
    "unit": COL_UNIT,
    "address": COL_ADDRESS,
    "occupation": COL_OCCUPATION,
}
VENTURE_FIELD_COLUMNS = {
    "name": COL_VENTURE,
    "kind": COL_KIND,
    "sector": COL_SECTOR,
    "employees": COL_EMPLOYEES,
    "annual_revenue": COL_REVENUE,
}


def choice_lookup(choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[fold(value)] = value
        table[fold(label)] = value
    return table


def template_workbook() -> bytes:
    guide = [
        [_("Cột"), _("Cách ghi")],
        [str(COL_BIRTH), _("Ngày/tháng/năm, ví dụ 05/09/1998.")],
        [str(COL_GENDER), ", ".join(str(label) for _v, label in Gender.choices)],
        [str(COL_ETHNICITY), ", ".join(label for _v, label in Ethnicity.choices)],
        [str(COL_UNIT), _("Mã đơn vị trên cổng (xem trang Đơn vị), ví dụ: to-hieu.")],
        [str(COL_KIND), "; ".join(str(label) for _v, label in Venture.Kind.choices)],
        [str(COL_SECTOR), "; ".join(str(label) for _v, label in Venture.Sector.choices)],
        [_("Lưu ý"), _("Để trống Tên mô hình nếu người này chưa có mô hình. Mỗi dòng một người.")],
    ]
    return build_workbook(
        title=_("Danh sách thanh niên"),
        headers=[str(c) for c in COLUMNS],
        rows=[],
        widths=[28, 22, 18, 12, 14, 24, 16, 16, 32, 18, 30, 24, 24, 12, 18],
        extra_sheets={_("Hướng dẫn"): guide},
    )


class _RowParser:
    def __init__(self, *, user, today: datetime.date | None = None):
        self.today = today
        self.units = {u.code: u for u in Unit.objects.visible_to(user).active()}
        self.genders = choice_lookup(Gender.choices)
        self.ethnicities = choice_lookup(Ethnicity.choices)
        self.kinds = choice_lookup(Venture.Kind.choices)
        self.sectors = choice_lookup(Venture.Sector.choices)

    def parse(self, row: SheetRow, errors: list[RowError]) -> tuple[Entrepreneur, Venture | None]:
        values = {str(k): v for k, v in row.values.items()}

        def fail(column, message):
            errors.append(RowError(row=row.number, column=str(column), message=str(message)))

        def cell(column) -> str:
            return cell_text(values.get(str(column)))

        person = Entrepreneur(
            full_name=" ".join(cell(COL_NAME).split()),
            phone=normalize_phone(digits_from_number(values.get(str(COL_PHONE)), width=10) or cell(COL_PHONE)),
            email=cell(COL_EMAIL),
            citizen_id=digits_from_number(values.get(str(COL_CITIZEN_ID)), width=12) or cell(COL_CITIZEN_ID),
            address=cell(COL_ADDRESS),
            occupation=cell(COL_OCCUPATION),
        )
        born = values.get(str(COL_BIRTH))
        if isinstance(born, datetime.datetime):
            person.date_of_birth = born.date()
        elif born not in (None, ""):
            try:
                person.date_of_birth = datetime.datetime.strptime(cell_text(born), "%d/%m/%Y").date()  # noqa: DTZ007
            except ValueError:
                fail(COL_BIRTH, _("Ngày sinh phải theo dạng dd/mm/yyyy."))
        try:
            validate_birth_date(person.date_of_birth, today=self.today)
        except ValidationError as error:
            fail(COL_BIRTH, " ".join(error.messages))
        gender = cell(COL_GENDER)
        if gender:
            person.gender = self.genders.get(fold(gender), "")
            if not person.gender:
                fail(COL_GENDER, _("Giới tính phải là Nam, Nữ hoặc Khác."))
        ethnicity = cell(COL_ETHNICITY)
        if ethnicity:
            person.ethnicity = self.ethnicities.get(fold(ethnicity), "")
            if not person.ethnicity:
                fail(
                    COL_ETHNICITY, _("Không có dân tộc '%(value)s' trong danh mục 54 dân tộc.") % {"value": ethnicity}
                )
        code = cell(COL_UNIT)
        unit = self.units.get(code)
        if not code:
            fail(COL_UNIT, _("Chưa ghi mã đơn vị."))
        elif unit is None:
            fail(
                COL_UNIT,
                _("Mã đơn vị '%(code)s' không có, đã giải thể hoặc không thuộc phạm vi bạn quản lý.") % {"code": code},
            )
        person.unit = unit

        venture = None
        if cell(COL_VENTURE):
            venture = Venture(name=cell(COL_VENTURE), unit=unit, address=person.address)
            for column, attr, table in ((COL_KIND, "kind", self.kinds), (COL_SECTOR, "sector", self.sectors)):
                raw = cell(column)
                setattr(venture, attr, table.get(fold(raw), "") if raw else "")
                if raw and not getattr(venture, attr):
                    fail(
                        column,
                        _("Giá trị '%(value)s' không có trong danh mục (xem trang Hướng dẫn).") % {"value": raw},
                    )
            for column, attr in ((COL_EMPLOYEES, "employees"), (COL_REVENUE, "annual_revenue")):
                raw = cell(column).replace(".", "").replace(",", "").replace(" ", "")
                if not raw:
                    continue
                if raw.isdigit():
                    setattr(venture, attr, int(raw))
                else:
                    fail(column, _("Phải là số nguyên không âm."))
        return person, venture


def collect_errors(error: ValidationError, row: int, columns: dict, errors: list[RowError]) -> None:
    """Add a model's validation errors under their columns, unless the cell was already reported."""
    reported = {(e.row, e.column) for e in errors}
    for field, messages in error.message_dict.items():
        column = columns.get(field, _("Dòng"))
        if (row, str(column)) in reported:
            continue
        for message in messages:
            errors.append(RowError(row=row, column=str(column), message=message))


@dataclass
class RowMatch:
    """A row of the file that is probably someone already in the registry."""

    row: int
    person: Entrepreneur  # as typed in the file, unsaved
    matches: list[Match]
    choice: int | str | None = None  # what the officer chose last time, if anything

    @property
    def certain(self) -> bool:
        """The same citizen id: the row can only be linked to that person."""
        return any(m.certain for m in self.matches)


@dataclass
class RegistryImportReport(ImportReport):
    """An import's outcome; `matches` await the officer's choice while `awaiting_choice`."""

    linked: int = 0
    matches: list[RowMatch] = dataclass_field(default_factory=list)
    awaiting_choice: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.awaiting_choice


@records_actor
def import_entrepreneurs(
    *,
    uploaded,
    actor: User,
    today: datetime.date | None = None,
    choices: Mapping[int, int | str] | None = None,
) -> RegistryImportReport:
    """Validate every row; save all of them in one transaction, or none.

    Each date of birth must give an age of 14-45 on `today`. Rows that probably are a
    person the actor already sees in the registry need a choice in `choices` (row number ->
    the existing person's pk, or `NEW_PERSON`; a row with the same citizen id can only be
    linked): until every such row has a valid one, the report lists them and nothing is
    saved. A linked row adds its venture, if any, to the existing person, who is not changed.

    Validation costs a fixed number of queries whatever the number of rows: units
    come from one look-up, likely matches and duplicates against the registry from two.
    """
    report = RegistryImportReport()
    rows = read_sheet(uploaded, headers=[str(c) for c in COLUMNS])
    if not rows:
        report.errors.append(RowError(0, "", _("Tệp không có dòng dữ liệu nào.")))
        return report
    parser = _RowParser(user=actor, today=today)
    parsed: list[tuple[SheetRow, Entrepreneur, Venture | None]] = []
    for row in rows:
        person, venture = parser.parse(row, report.errors)
        # Units were resolved against the actor's own units, and uniqueness is
        # checked for the whole file below, so no per-row query is needed here.
        try:
            person.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            collect_errors(error, row.number, FIELD_COLUMNS, report.errors)
        if venture is not None:
            try:
                venture.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                collect_errors(error, row.number, VENTURE_FIELD_COLUMNS, report.errors)
        parsed.append((row, person, venture))
    matches = entrepreneur_matches(user=actor, people=[p for _r, p, _v in parsed])
    _check_duplicates(parsed, report.errors, seen={m.person.citizen_id for found in matches for m in found})
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    choices = choices or {}
    to_save = []
    for (row, person, venture), found in zip(parsed, matches, strict=True):
        if not found:
            to_save.append((person, venture))
            continue
        match = RowMatch(row=row.number, person=person, matches=found, choice=choices.get(row.number))
        report.matches.append(match)
        chosen = _chosen(match)
        if chosen is None:
            report.awaiting_choice = True
        elif chosen == NEW_PERSON:
            to_save.append((person, venture))
        else:
            to_save.append((chosen, venture))
            report.linked += 1
    if report.awaiting_choice:
        return report
    report.created = entrepreneurs_register_many(rows=to_save, actor=actor, today=today)
    return report


def _chosen(match: RowMatch) -> Entrepreneur | str | None:
    """The existing person a row's choice names, `NEW_PERSON`, or None if it names neither."""
    if match.choice == NEW_PERSON and not match.certain:
        return NEW_PERSON
    for found in match.matches:
        if str(found.person.pk) == str(match.choice):
            return found.person
    return None


def _check_duplicates(parsed, errors: list[RowError], *, seen: set[str]) -> None:
    """Within the file: the same citizen ID, or the same person (name, date of birth, unit)
    twice. Against the registry: a citizen ID already registered under a record the actor does
    not see (`seen`: those of the records they see, offered as matches instead); the message
    says nothing more of that record."""
    ids = [p.citizen_id for _r, p, _v in parsed if p.citizen_id and p.citizen_id not in seen]
    registered_ids = set(Entrepreneur.objects.filter(citizen_id__in=ids).values_list("citizen_id", flat=True))
    first_row_of_id: dict[str, int] = {}
    first_row_of_person: dict[tuple, int] = {}
    for row, person, _venture in parsed:
        if person.citizen_id:
            if person.citizen_id in registered_ids:
                errors.append(
                    RowError(row.number, str(COL_CITIZEN_ID), _("Số CCCD này đã có trong danh sách thanh niên."))
                )
            elif person.citizen_id in first_row_of_id:
                errors.append(
                    RowError(
                        row.number,
                        str(COL_CITIZEN_ID),
                        _("Trùng số CCCD với dòng %(row)d.") % {"row": first_row_of_id[person.citizen_id]},
                    )
                )
            first_row_of_id.setdefault(person.citizen_id, row.number)
        if not (person.date_of_birth and person.unit_id):
            continue
        identity = (fold(person.full_name), person.date_of_birth, person.unit_id)
        if identity in first_row_of_person:
            errors.append(
                RowError(
                    row.number,
                    str(COL_NAME),
                    _("Trùng người với dòng %(row)d.") % {"row": first_row_of_person[identity]},
                )
            )
        first_row_of_person.setdefault(identity, row.number)
