"""Import a unit's candidate list "theo mẫu" from Excel: communes and their products.

All or nothing: every row is checked first; if any cell is wrong the report names
the row and column and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit, User
from common.excel import ImportReport, RowError, SheetRow, build_workbook, cell_words, read_sheet
from common.history import records_actor
from ventures.models import Venture

from .models import CandidateCommune, CandidateList, Product, ProductGroup
from .services.lists import _require_editable, product_save

COL_COMMUNE = gettext_lazy("Mã xã, phường (*)")
COL_COMMUNE_NOTE = gettext_lazy("Ghi chú về xã")
COL_NAME = gettext_lazy("Tên sản phẩm (*)")
COL_GROUP = gettext_lazy("Nhóm sản phẩm (*)")
COL_VENTURE = gettext_lazy("Chủ thể sản xuất (*)")
COL_OWNER = gettext_lazy("Thanh niên chủ thể")
COL_INITIAL = gettext_lazy("Hạng sao hiện có")
COL_TARGET = gettext_lazy("Hạng sao phấn đấu (*)")
COL_CONTACT = gettext_lazy("Liên hệ công khai")
DOSSIER_COLUMNS = {
    "has_business_registration": gettext_lazy("Đăng ký kinh doanh (x)"),
    "has_food_safety": gettext_lazy("Chứng nhận ATTP (x)"),
    "has_trademark": gettext_lazy("Nhãn hiệu (x)"),
    "has_packaging_label": gettext_lazy("Bao bì, nhãn mác (x)"),
    "has_traceability": gettext_lazy("Mã truy xuất (x)"),
    "has_story": gettext_lazy("Câu chuyện sản phẩm (x)"),
    "has_photos": gettext_lazy("Hình ảnh (x)"),
}
COLUMNS = [
    COL_COMMUNE,
    COL_COMMUNE_NOTE,
    COL_NAME,
    COL_GROUP,
    COL_VENTURE,
    COL_OWNER,
    COL_INITIAL,
    COL_TARGET,
    COL_CONTACT,
    *DOSSIER_COLUMNS.values(),
]
FIELD_COLUMNS = {
    "name": COL_NAME,
    "group": COL_GROUP,
    "venture": COL_VENTURE,
    "owner": COL_OWNER,
    "initial_stars": COL_INITIAL,
    "target_stars": COL_TARGET,
    "public_contact": COL_CONTACT,
}
YES = {"x", "có", "co", "yes", "1", "true", "đã có"}


def _group(value: str) -> str | None:
    folded = value.casefold()
    for code, label in ProductGroup.choices:
        if folded in (code, str(label).casefold()):
            return code
    return None


def _stars(value: str, *, low: int) -> int | None:
    try:
        number = int(float(value.replace("★", "").strip()))
    except ValueError:
        return None
    return number if low <= number <= 5 else None


def template_workbook() -> bytes:
    groups = "; ".join(str(label) for _code, label in ProductGroup.choices)
    return build_workbook(
        title=_("Danh sách OCOP"),
        headers=[str(c) for c in COLUMNS],
        rows=[],
        widths=[18, 20, 30, 22, 30, 24, 12, 12, 24] + [14] * len(DOSSIER_COLUMNS),
        extra_sheets={
            _("Hướng dẫn"): [
                [_("Cột"), _("Cách ghi")],
                [str(COL_COMMUNE), _("Mã đơn vị của Đoàn xã, phường trên cổng (ví dụ: to-hieu).")],
                [str(COL_GROUP), _("Một trong: %(groups)s.") % {"groups": groups}],
                [str(COL_VENTURE), _("Tên mô hình đúng như trong danh sách mô hình kinh tế của đơn vị.")],
                [str(COL_OWNER), _("Họ tên thanh niên chủ mô hình; bỏ trống nếu mô hình chỉ có một chủ.")],
                [str(COL_INITIAL), _("1 đến 5; bỏ trống nếu chưa được phân hạng.")],
                [str(COL_TARGET), _("3, 4 hoặc 5.")],
                [_("Các cột hồ sơ"), _("Ghi x nếu đã có.")],
            ]
        },
    )


def _check_row(row: SheetRow, *, candidate_list: CandidateList, communes: dict, ventures: list[Venture]):
    """The row's commune and a Product with its fields set, or the row's errors."""
    errors: list[RowError] = []
    values = {str(k): cell_words(v) for k, v in row.values.items()}

    def err(column, message):
        errors.append(RowError(row=row.number, column=str(column), message=str(message)))

    code = values[str(COL_COMMUNE)]
    commune = communes.get(code.casefold()) if code else None
    if not code:
        err(COL_COMMUNE, _("Thiếu mã xã, phường."))
    elif commune is None:
        err(COL_COMMUNE, _("Không có xã, phường mã “%(code)s” thuộc đơn vị.") % {"code": code})
    name = values[str(COL_NAME)]
    if not name:
        err(COL_NAME, _("Thiếu tên sản phẩm."))
    group = _group(values[str(COL_GROUP)])
    if group is None:
        err(COL_GROUP, _("Nhóm sản phẩm “%(value)s” không thuộc 6 nhóm OCOP.") % {"value": values[str(COL_GROUP)]})
    venture_name = values[str(COL_VENTURE)]
    matches = [v for v in ventures if v.name.casefold() == venture_name.casefold()]
    venture = matches[0] if len(matches) == 1 else None
    if not venture_name:
        err(COL_VENTURE, _("Thiếu chủ thể sản xuất."))
    elif not matches:
        err(COL_VENTURE, _("Không tìm thấy mô hình “%(name)s” của đơn vị.") % {"name": venture_name})
    elif len(matches) > 1:
        err(COL_VENTURE, _("Có nhiều mô hình tên “%(name)s”; hãy đổi tên cho phân biệt.") % {"name": venture_name})
    owner = None
    if venture is not None:
        owners = list(venture.owners.all())
        owner_name = values[str(COL_OWNER)]
        if owner_name:
            found = [o for o in owners if o.full_name.casefold() == owner_name.casefold()]
            owner = found[0] if found else None
            if owner is None:
                err(
                    COL_OWNER,
                    _("%(person)s không phải chủ của %(venture)s.") % {"person": owner_name, "venture": venture},
                )
        elif len(owners) == 1:
            owner = owners[0]
        else:
            err(COL_OWNER, _("Ghi họ tên thanh niên chủ thể của mô hình."))
    initial = None
    if values[str(COL_INITIAL)]:
        initial = _stars(values[str(COL_INITIAL)], low=1)
        if initial is None:
            err(COL_INITIAL, _("Hạng sao hiện có phải từ 1 đến 5."))
    target = _stars(values[str(COL_TARGET)] or "3", low=3)
    if target is None:
        err(COL_TARGET, _("Hạng sao phấn đấu phải là 3, 4 hoặc 5."))
    product = Product(
        name=name,
        group=group or "",
        venture=venture,
        owner=owner,
        initial_stars=initial,
        target_stars=target or 3,
        public_contact=values[str(COL_CONTACT)][:255],
        **{f: values[str(c)].casefold() in YES for f, c in DOSSIER_COLUMNS.items()},
    )
    return commune, values[str(COL_COMMUNE_NOTE)][:255], product, errors


@records_actor
@transaction.atomic
def import_candidate_list(*, candidate_list: CandidateList, uploaded, actor: User) -> ImportReport:
    """Add the file's communes and products to a draft list, all or nothing.

    One transaction: the list row stays locked from the draft check to the last
    product, so the list cannot be sent half-way through an import (and the lock is
    taken inside a transaction, as PostgreSQL's SELECT ... FOR UPDATE requires).
    """
    report = ImportReport()
    try:
        _require_editable(candidate_list=candidate_list, today=None)
    except ValidationError as exc:
        report.errors.append(RowError(row=0, column="", message=" ".join(exc.messages)))
        return report
    rows = read_sheet(uploaded, headers=[str(c) for c in COLUMNS])
    if not rows:
        report.errors.append(RowError(row=0, column="", message=_("Tệp không có dòng dữ liệu nào.")))
        return report
    unit = candidate_list.unit
    communes = {u.code.casefold(): u for u in Unit.objects.subtree_of(unit).filter(kind=Unit.Kind.COMMUNE)}
    ventures = list(Venture.objects.filter(unit__path__startswith=unit.path).prefetch_related("owners"))
    checked = []
    seen: dict[tuple, int] = {}
    for row in rows:
        commune, note, product, errors = _check_row(
            row, candidate_list=candidate_list, communes=communes, ventures=ventures
        )
        if product.venture_id is not None and product.name:
            key = (product.venture_id, Product.fold_name(product.name))
            if key in seen:
                errors.append(
                    RowError(
                        row=row.number,
                        column=str(COL_NAME),
                        message=_("Trùng sản phẩm ở dòng %(row)d.") % {"row": seen[key]},
                    )
                )
            seen.setdefault(key, row.number)
        report.errors.extend(errors)
        checked.append((row, commune, note, product))
    if report.errors:
        return report
    try:
        with transaction.atomic():
            entries: dict[int, CandidateCommune] = {e.commune_id: e for e in candidate_list.communes.all()}
            for row, commune, note, product in checked:
                entry = entries.get(commune.pk)
                if entry is None:
                    entry = CandidateCommune.objects.create(candidate_list=candidate_list, commune=commune, note=note)
                    entries[commune.pk] = entry
                product.entry = entry
                try:
                    product_save(product=product, actor=actor)
                except ValidationError as exc:
                    for field, messages in exc.message_dict.items():
                        column = str(FIELD_COLUMNS.get(field, ""))
                        for message in messages:
                            report.errors.append(RowError(row=row.number, column=column, message=message))
                    raise
                report.created += 1
    except ValidationError:
        report.created = 0
    return report
