"""Excel and PDF output of a cycle: products with their pipeline and rating, each unit
against the target, the star history and promotion results."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.branding import document_issuer
from common.excel import PLAIN, build_workbook
from common.pdf import render_pdf

from .models import Cycle, Participation, Product, Rating
from .selectors import dashboard, unit_progress

PRODUCT_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Đơn vị đề xuất"),
    gettext_lazy("Xã, phường"),
    gettext_lazy("Tên sản phẩm"),
    gettext_lazy("Nhóm sản phẩm"),
    gettext_lazy("Chủ thể sản xuất"),
    gettext_lazy("Loại hình"),
    gettext_lazy("Thanh niên chủ thể"),
    gettext_lazy("Hạng sao hiện có"),
    gettext_lazy("Hạng sao phấn đấu"),
    gettext_lazy("Hồ sơ đã có (/7)"),
    gettext_lazy("Giai đoạn"),
    gettext_lazy("Ngày chuyển giai đoạn"),
    gettext_lazy("Cán bộ phụ trách"),
    gettext_lazy("Điểm A"),
    gettext_lazy("Điểm B"),
    gettext_lazy("Điểm C"),
    gettext_lazy("Tổng điểm"),
    gettext_lazy("Hạng sao"),
    gettext_lazy("Cấp đánh giá"),
    gettext_lazy("Số giấy chứng nhận"),
    gettext_lazy("Ngày cấp"),
    gettext_lazy("Ngày hết hạn"),
    gettext_lazy("Liên hệ công khai"),
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
        [
            _("Đơn vị"),
            _("Trạng thái danh sách"),
            _("Gửi lúc"),
            _("Hạn"),
            _("Số xã"),
            _("Số sản phẩm"),
            _("Chỉ tiêu"),
            _("Đạt"),
            _("Đã công nhận"),
        ]
    ]
    for row in progress:
        cl = row.candidate_list
        unit_sheet.append(
            [
                row.unit.name,
                cl.get_status_display() if cl else _("Chưa lập"),
                cl.submitted_at if cl else None,
                row.deadline,
                row.communes,
                row.products,
                row.target,
                _("Đạt") if row.met_target else _("Chưa đạt"),
                row.certified,
            ]
        )
    rating_sheet = [
        [
            _("Sản phẩm"),
            _("Ngày đánh giá"),
            _("Cấp đánh giá"),
            _("Điểm A"),
            _("Điểm B"),
            _("Điểm C"),
            _("Tổng điểm"),
            _("Hạng sao"),
            _("Số giấy chứng nhận"),
            _("Ngày hết hạn"),
        ]
    ]
    for r in Rating.objects.filter(product_id__in=ids).select_related("product").order_by("product__name", "rated_on"):
        rating_sheet.append(
            [
                r.product.name,
                r.rated_on,
                r.get_level_display(),
                float(r.score_a),
                float(r.score_b),
                float(r.score_c),
                float(r.total),
                r.stars,
                r.certificate_number,
                r.certificate_expires_on,
            ]
        )
    promo_sheet = [[_("Sự kiện"), _("Hình thức"), _("Từ ngày"), _("Sản phẩm"), _("Doanh số (đồng)"), _("Số đơn hàng")]]
    for part in (
        Participation.objects.filter(product_id__in=ids)
        .select_related("event", "product")
        .order_by("event__starts_on", "product__name")
    ):
        promo_sheet.append(
            [
                part.event.name,
                part.event.get_kind_display(),
                part.event.starts_on,
                part.product.name,
                part.sales,
                part.orders,
            ]
        )
    return build_workbook(
        title=_("Sản phẩm OCOP"),
        headers=[str(header) for header in PRODUCT_HEADERS],
        rows=_product_rows(products),
        formats={8: PLAIN, 9: PLAIN, 18: PLAIN},  # stars
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
