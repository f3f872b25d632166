"""Search the way Vietnamese names are typed (common.search): the folded column is kept in
step on every write path, every way of typing a name finds it, the index fits the database,
and PostgreSQL ranks the closest record first."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from common.search import FoldedTextIndex, backfill_search_text, folded_text, matching, search
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")


def test_folded_text_drops_case_diacritics_and_extra_spaces():
    assert folded_text("  Nguyễn  Văn Ánh ", "", None, "ĐÔNG Hưng") == "nguyen van anh dong hung"


def test_matching_has_nothing_to_match_for_an_empty_query():
    assert matching("   ") is None


@pytest.fixture
def anh(commune):
    return EntrepreneurFactory(full_name="Nguyễn Văn Ánh", unit=commune, phone="0912345678", email="")


@pytest.fixture
def others(commune):
    return [
        EntrepreneurFactory(full_name="Lò Thị Đông", unit=commune, phone="0987000001", email=""),
        EntrepreneurFactory(full_name="Trần Thị Bình", unit=commune, phone="0987000002", email=""),
    ]


def _found(query: str) -> list[str]:
    return list(search(Entrepreneur.objects.order_by("full_name", "pk"), query).values_list("full_name", flat=True))


@pytest.mark.parametrize(
    "query",
    ["nguyen van anh", "Nguyen Van Anh", "NGUYỄN", "ánh", "van anh", "Nguyễn Văn Ánh", "nguyen anh", "0912345"],
)
def test_search_finds_a_name_whatever_the_diacritics_and_case(anh, others, query):
    assert _found(query) == ["Nguyễn Văn Ánh"]


@pytest.mark.parametrize("query", ["Dong", "đông", "ĐÔNG", "lo thi dong"])
def test_search_finds_d_with_stroke_from_a_plain_d(anh, others, query):
    assert _found(query) == ["Lò Thị Đông"]


def test_search_needs_every_word(anh, others):
    assert _found("nguyen binh") == []


def test_search_with_no_word_leaves_the_list_as_it_was(anh, others):
    assert _found("  ") == ["Lò Thị Đông", "Nguyễn Văn Ánh", "Trần Thị Bình"]


def test_save_keeps_the_search_column_in_step(anh):
    anh.full_name = "Hoàng Thị Lụa"
    anh.save(update_fields=["full_name"])

    anh.refresh_from_db()
    assert anh.search_text == "hoang thi lua 0912345678"
    assert _found("lua") == ["Hoàng Thị Lụa"]
    assert _found("anh") == []


def test_bulk_create_bulk_update_and_update_keep_the_search_column_in_step(commune):
    made = Entrepreneur.objects.bulk_create(
        [EntrepreneurFactory.build(full_name="Đinh Văn Mạnh", unit=commune, phone="", email="")]
    )
    assert _found("dinh van manh") == ["Đinh Văn Mạnh"]

    made[0].full_name = "Đinh Văn Mừng"
    Entrepreneur.objects.bulk_update(made, ["full_name"])
    assert _found("mung") == ["Đinh Văn Mừng"]

    Entrepreneur.objects.filter(full_name="Đinh Văn Mừng").update(full_name="Vì Thị Ơn")
    assert _found("vi thi on") == ["Vì Thị Ơn"]
    assert _found("dinh") == []


def test_an_update_of_other_fields_leaves_the_search_column_alone(anh, django_assert_num_queries):
    with django_assert_num_queries(1):
        Entrepreneur.objects.filter(pk=anh.pk).update(note="Đã gọi điện")


def test_backfill_fills_the_rows_a_migration_finds(anh, others):
    Entrepreneur._base_manager.all().update(search_text="")  # rows as they were before the column
    schema_editor = SimpleNamespace(connection=connection)

    backfill_search_text("ventures", "Entrepreneur", ("full_name", "phone", "email"))(apps, schema_editor)

    assert _found("nguyen van anh") == ["Nguyễn Văn Ánh"]
    assert Entrepreneur.objects.get(pk=others[0].pk).search_text == "lo thi dong 0987000001"


def test_folded_text_index_is_trigram_on_postgresql_and_plain_elsewhere():
    index = FoldedTextIndex(name="ventures_ent_search")

    # Not entered: SQLite's schema editor refuses to open inside the test's transaction.
    sql = str(index.create_sql(Entrepreneur, connection.schema_editor(collect_sql=True)))

    if connection.vendor == "postgresql":
        assert "USING gin" in sql
        assert "gin_trgm_ops" in sql
    else:
        assert "gin" not in sql.lower()
    path, args, kwargs = index.deconstruct()
    assert (path, args) == ("common.search.FoldedTextIndex", ())
    assert FoldedTextIndex(**kwargs) == index


@on_postgresql
def test_postgresql_ranks_the_closest_record_first(commune):
    EntrepreneurFactory(full_name="Bùi Văn Thanh", unit=commune)
    EntrepreneurFactory(full_name="Lê Thị Ánh", unit=commune)

    assert _found("anh") == ["Lê Thị Ánh", "Bùi Văn Thanh"]
    # Asked not to rank, the list keeps its own order.
    unranked = search(Entrepreneur.objects.order_by("full_name"), "anh", rank=False)
    assert list(unranked.values_list("full_name", flat=True)) == ["Bùi Văn Thanh", "Lê Thị Ánh"]


@on_postgresql
def test_postgresql_search_uses_the_trigram_index(anh):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = Entrepreneur.objects.filter(matching("nguyen van anh")).order_by().explain()
        finally:
            cursor.execute("SET enable_seqscan = on")

    assert "ventures_ent_search" in plan


@on_postgresql
def test_postgresql_keeps_the_list_order_when_too_many_rows_match(commune, monkeypatch):
    monkeypatch.setattr("common.search.RANK_LIMIT", 1)
    EntrepreneurFactory(full_name="Bùi Văn Thanh", unit=commune)
    EntrepreneurFactory(full_name="Lê Thị Ánh", unit=commune)

    assert _found("anh") == ["Bùi Văn Thanh", "Lê Thị Ánh"]
