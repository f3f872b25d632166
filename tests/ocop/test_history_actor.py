"""OCOP's audit trail: cycles, extensions, candidate lists, products, stage moves and
ratings name the person who acted, outside any request and through the Excel import."""

import datetime

import pytest
from django.utils import timezone

from ocop import imports, services
from ocop.models import Cycle, Product
from tests.history import HistoryWatch, assert_all_by
from tests.ocop.factories import make_venture
from tests.ocop.test_imports_reports import _row, _xlsx

pytestmark = pytest.mark.django_db
S = Product.Stage


def test_cycle_and_extension_name_the_staff_member(staff_user, province, commune):
    watch = HistoryWatch()

    cycle = services.cycle_save(
        cycle=Cycle(year=2026, name="OCOP 2026", list_deadline=datetime.date(2026, 3, 30), target_per_unit=2),
        owner=province,
        actor=staff_user,
    )
    services.extension_grant(
        cycle=cycle, unit=commune, until=datetime.date(2026, 4, 15), reason="Xã mới sáp nhập", actor=staff_user
    )

    assert_all_by(watch, staff_user, models={"ocop.Cycle", "ocop.UnitExtension"})


def test_list_product_moves_and_rating_name_their_actors(cycle, commune, officer, staff_user):
    venture, owner = make_venture(commune)
    today = timezone.localdate()

    watch = HistoryWatch()
    candidate_list = services.candidate_list_get_or_create(cycle=cycle, unit=commune, actor=officer)
    entry = services.commune_add(candidate_list=candidate_list, commune=commune, actor=officer)
    product = services.product_save(
        product=Product(entry=entry, name="Chè Shan tuyết", group="beverage", venture=venture, owner=owner),
        actor=officer,
    )
    assert_all_by(watch, officer, models={"ocop.CandidateList", "ocop.Product"})

    watch = HistoryWatch()
    for stage in (S.PREPARING, S.SUBMITTED):
        product = services.product_advance(product=product, to_stage=stage, actor=staff_user, on=today)
    services.product_rate(
        product=product, score_a=30, score_b=20, score_c=25, level="provincial", rated_on=today, actor=staff_user
    )
    product.refresh_from_db()
    services.product_certify(product=product, certificate_number="12/GCN", issued_on=today, actor=staff_user)
    assert_all_by(watch, staff_user, models={"ocop.Product", "ocop.Rating"})


def test_excel_import_outside_a_page_names_the_importing_officer(candidate_list, commune, officer):
    make_venture(commune, name="HTX Chè Tô Hiệu")
    make_venture(commune, name="Hộ Lò Văn Minh")
    upload = _xlsx(
        [
            _row("to-hieu", "Chè Shan tuyết", "Đồ uống", "HTX Chè Tô Hiệu", initial=3, target=4),
            _row("to-hieu", "Mận hậu sấy", "food", "Hộ Lò Văn Minh"),
        ]
    )
    watch = HistoryWatch()

    report = imports.import_candidate_list(candidate_list=candidate_list, uploaded=upload, actor=officer)

    assert not report.errors
    assert_all_by(watch, officer, models={"ocop.Product"})
    assert len([row for row in watch.new_rows() if row.model == "ocop.Product"]) == 2
