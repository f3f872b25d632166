"""Excel and PDF output of a cycle: products with their pipeline and rating, each unit
against the target, the star history and promotion results."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import document_issuer
from common.excel import build_workbook
from common.pdf import render_pdf

from .models import Cycle, Participation, Product, Rating
from .selectors import dashboard, unit_progress

PRODUCT_HEADERS = [
    "STT",
    "Đơn vị đề xuất",
    "Xã, phường",
    "Tên sản phẩm",
    "Nhóm sản phẩm",
    "Chủ thể sản xuất",
    "Loại hình",
    "Thanh niên chủ thể",
    "Hạng sao hiện có",
    "Hạng sao phấn đấu",
    "Hồ sơ đã có (/7)",
    "Giai đoạn",
    "Ngày chuyển giai đoạn",
    "Cán bộ phụ trách",
    "Điểm A",
    "Điểm B",
    "Điểm C",
    "Tổng điểm",
    "Hạng sao",
    "Cấp đánh giá",
    "Số giấy chứng nhận",
    "Ngày cấp",
    "Ngày hết hạn",
    "Liên hệ công khai",
]


def _product_rows(products: QuerySet[Product]):
    for number, p in enumerate(products.order_by("unit__path", "commune__path", "name", "pk"), start=1):
        r = p.current_rating
        yield [
            number,
            p.unit.name,
            p.commune.name,
            p.name,
            p.get_group_display(),
            p.venture.name,
            p.venture.get_kind_display(),
            p.owner.full_name,
            p.initial_stars,
            p.target_stars,
            p.dossier_done,
            p.get_stage_display(),
            p.stage_changed_on,
            (p.responsible.get_full_name() or p.responsible.username) if p.responsible_id else "",
            float(r.score_a) if r else None,
            float(r.score_b) if r else None,
            float(r.score_c) if r else None,
            float(r.total) if r else None,
            r.stars if r else None,
            r.get_level_display() if r else "",
            r.certificate_number if r else "",
            r.certificate_issued_on if r else None,
            r.certificate_expires_on if r else None,
            p.public_contact,
        ]


def cycle_workbook(*, cycle: Cycle, products: QuerySet[Product], units) -> bytes:
    """Everything about a cycle the user may see, one sheet per topic."""
    ids = list(products.values_list("pk", flat=True))
    progress = unit_progress(cycle=cycle, units=units)
    unit_sheet = [
        ["Đơn vị", "Trạng thái danh sách", "Gửi lúc", "Hạn", "Số xã", "Số sản phẩm", "Chỉ tiêu", "Đạt", "Đã công nhận"]
    ]
    for row in progress:
        cl = row.candidate_list
        unit_sheet.append(
            [
                row.unit.name,
                cl.get_status_display() if cl else _("Chưa lập"),
                timezone.localtime(cl.submitted_at).strftime("%d/%m/%Y %H:%M") if cl and cl.submitted_at else "",
                row.deadline.strftime("%d/%m/%Y"),
                row.communes,
                row.products,
                row.target,
                _("Đạt") if row.met_target else _("Chưa đạt"),
                row.certified,
            ]
        )
    rating_sheet = [["Sản phẩm", "Ngày đánh giá", "Cấp", "A", "B", "C", "Tổng", "Sao", "Số GCN", "Hết hạn"]]
    for r in Rating.objects.filter(product_id__in=ids).select_related("product").order_by("product__name", "rated_on"):
        rating_sheet.append(
            [
                r.product.name,
                r.rated_on.strftime("%d/%m/%Y"),
                r.get_level_display(),
                float(r.score_a),
                float(r.score_b),
                float(r.score_c),
                float(r.total),
                r.stars,
                r.certificate_number,
                r.certificate_expires_on.strftime("%d/%m/%Y") if r.certificate_expires_on else "",
            ]
        )
    promo_sheet = [["Sự kiện", "Hình thức", "Từ ngày", "Sản phẩm", "Doanh số (đồng)", "Số đơn hàng"]]
    for part in (
        Participation.objects.filter(product_id__in=ids)
        .select_related("event", "product")
        .order_by("event__starts_on", "product__name")
    ):
        promo_sheet.append(
            [
                part.event.name,
                part.event.get_kind_display(),
                part.event.starts_on.strftime("%d/%m/%Y"),
                part.product.name,
                part.sales,
                part.orders,
            ]
        )
    return build_workbook(
        title=_("Sản phẩm OCOP"),
        headers=PRODUCT_HEADERS,
        rows=_product_rows(products),
        widths=[6, 22, 22, 30, 20, 28, 16, 22, 10, 10, 10, 22, 12, 20, 8, 8, 8, 9, 8, 18, 18, 12, 12, 24],
        extra_sheets={
            _("Tiến độ đơn vị"): unit_sheet,
            _("Lịch sử phân hạng"): rating_sheet,
            _("Xúc tiến thương mại"): promo_sheet,
        },
    )


def cycle_summary_pdf(*, cycle: Cycle, products: QuerySet[Product], units) -> bytes:
    today = timezone.localdate()
    context = {
        "cycle": cycle,
        "issuer": document_issuer(cycle.owner),
        "place_date": _("ngày %(d)02d tháng %(m)02d năm %(y)d") % {"d": today.day, "m": today.month, "y": today.year},
        "progress": unit_progress(cycle=cycle, units=units),
        "board": dashboard(products=products),
        "certified": list(
            products.certified()
            .select_related("commune", "venture", "current_rating")
            .order_by("-current_rating__stars", "name")
        ),
    }
    return render_pdf("ocop/pdf/summary.html", context)
