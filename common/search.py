"""Search the way Vietnamese names are typed: "nguyen van anh", "NGUYỄN", "ánh" and
"Dong" all find "Nguyễn Văn Ánh" of "Đông Hưng", on SQLite and on PostgreSQL alike.

The design, one for both databases:

- Each searchable model keeps a folded copy of its searchable text in `search_text`
  (`SearchTextMixin`): its `search_text_from` fields run through `common.text.fold`
  (lower case, no diacritics, "đ" → "d"), joined by spaces. `save()` fills it; the
  model's queryset (`SearchTextQuerySet`) fills it on `bulk_create`, `bulk_update` and
  `update()` too, so the imports and services that bypass `save()` keep it in step; each
  app's migration fills the rows that existed before (`backfill_search_text`).
- A query is folded by the same Python function, split into words, and each word must
  be contained in one of the folded columns searched (`matching`): the stored text and
  the query can never be folded two different ways, as they could be by Python on one
  side and PostgreSQL's `unaccent` (whose rules differ, and which is not IMMUTABLE, so
  cannot be indexed without a wrapper function) on the other.
- `FoldedTextIndex` indexes the column: a GIN trigram index (`gin_trgm_ops`) on
  PostgreSQL, which answers `LIKE '%word%'` without reading the table, and a plain index
  on SQLite, where the column is short and lower case and a scan of it costs what the
  `icontains` of the raw columns cost before. pg_trgm is created by
  `common/migrations/0003_search_extensions.py`, and before the tables by
  `ensure_search_extensions` when the schema is built without migrations (the tests).
- On PostgreSQL a list searched with no other order asked for is ranked by trigram word
  similarity of the whole query to the record (`search`), its usual order breaking ties,
  unless the query matches more than RANK_LIMIT rows (then the usual order alone).

Lists search with `search(queryset, query, paths=...)`; the admin with
`FoldedSearchAdminMixin`, whose `search_fields` name `search_text` columns
(`"search_text"`, `"entrepreneur__search_text"`) beside plain code fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.postgres.indexes import GinIndex
from django.db import connections, models, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from .text import fold

__all__ = [
    "SEARCH_FIELD",
    "FoldedSearchAdminMixin",
    "FoldedTextIndex",
    "SearchTextMixin",
    "SearchTextQuerySet",
    "backfill_search_text",
    "ensure_search_extensions",
    "fold",
    "folded_text",
    "matching",
    "search",
]

SEARCH_FIELD = "search_text"
# More words than a name and a place never narrow a search; each one is a LIKE.
MAX_WORDS = 8
# Rows re-folded per query by `refill_search_text` and the migrations.
BATCH = 1000
# Ranked only up to this many matches: PostgreSQL computes the similarity of every match
# (some microseconds each) before it can cut the first page, and a query that matches more
# (a syllable most names share, "van", "thi") is not narrowed by an order anyway.
RANK_LIMIT = 1000


def folded_text(*values: object) -> str:
    """The folded, space-separated text of `values` (empty ones left out)."""
    return " ".join(word for value in values if value not in (None, "") for word in fold(value).split())


def _words(query: str) -> list[str]:
    """The words of a query as typed ("quoted phrases" kept whole), at most MAX_WORDS."""
    words = []
    for bit in smart_split(query or ""):
        if bit[:1] in {'"', "'"} and bit[0] == bit[-1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            words.append(bit.strip())
    return words[:MAX_WORDS]


_PLAIN_LOOKUPS = {"^": "istartswith", "=": "iexact"}


def _plain_lookup(field: str) -> str:
    prefix = field[:1]
    if prefix in _PLAIN_LOOKUPS:
        return f"{field[1:]}__{_PLAIN_LOOKUPS[prefix]}"
    return f"{field}__icontains"


def matching(query: str, *, paths: Sequence[str] = (SEARCH_FIELD,), plain: Sequence[str] = ()) -> Q | None:
    """A filter matching the rows where every word of `query` is in one of the folded
    `paths` (any case and diacritics) or, as typed, in one of the `plain` fields (codes:
    `"tax_code"` contains it, `"=ticket_code"` is it, `"^code"` starts with it).

    None when the query has no word (search nothing, list everything)."""
    terms = []
    for word in _words(query):
        folded = fold(word)
        either = [(f"{path}__contains", folded) for path in paths if folded]
        either += [(_plain_lookup(field), word) for field in plain]
        if either:
            terms.append(Q.create(either, connector=Q.OR))
    if not terms:
        return None
    return Q.create(terms, connector=Q.AND)


def search(
    queryset: QuerySet,
    query: str,
    *,
    paths: Sequence[str] = (SEARCH_FIELD,),
    plain: Sequence[str] = (),
    also: Q | None = None,
    rank: bool = True,
) -> QuerySet:
    """`queryset` narrowed to the rows `query` finds (`matching`), or to `also` (an exact
    code typed whole); unchanged for an empty query.

    Call it after the list's order is set: on PostgreSQL the rows come by similarity of
    the query to the folded text first (`rank=False` keeps the list's order), that order
    after, when no more than RANK_LIMIT rows match (one more query tells). Paths through
    a to-many relation (a venture's owners) are searched in a subquery, so no row comes
    twice, and do not rank."""
    condition = matching(query, paths=paths, plain=plain)
    if condition is None:
        return queryset
    if also is not None:
        condition |= also
    opts = queryset.model._meta
    to_many = [path for path in paths if lookup_spawns_duplicates(opts, path)]
    if to_many:
        # Matched in a subquery: a join here would repeat rows and multiply the list's counts.
        queryset = queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))
    else:
        queryset = queryset.filter(condition)
    phrase = " ".join(fold(word) for word in _words(query))
    ranked = [path for path in paths if path not in to_many]
    if rank and ranked and phrase and connections[queryset.db].vendor == "postgresql" and not _many(queryset):
        from django.contrib.postgres.search import TrigramWordSimilarity

        similarities = [TrigramWordSimilarity(phrase, path) for path in ranked]
        score = similarities[0] if len(similarities) == 1 else Greatest(*similarities)
        ordering = list(queryset.query.order_by) or list(opts.ordering)
        # Selected, not only ordered by: a caller's DISTINCT query orders by what it selects.
        queryset = queryset.annotate(search_rank=score).order_by("-search_rank", *ordering)
    return queryset


def _many(queryset: QuerySet) -> bool:
    """More than RANK_LIMIT rows? Stops reading at the first row past it."""
    return bool(list(queryset.order_by().values_list("pk", flat=True)[RANK_LIMIT : RANK_LIMIT + 1]))


class SearchTextMixin(models.Model):
    """A model with a folded copy of its searchable text, kept in step on every save.

    Subclasses name the fields in `search_text_from`, use a `SearchTextQuerySet` for
    `objects`, add a `FoldedTextIndex` and leave `search_text` out of their history
    (`HistoricalRecords(excluded_fields=["search_text"])`): it repeats the fields, which
    an erasure must clear from the history rows too."""

    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, default="", editable=False)

    search_text_from: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.fill_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.search_text_from):
            kwargs["update_fields"] = {*update_fields, SEARCH_FIELD}
        super().save(*args, **kwargs)

    def fill_search_text(self) -> None:
        self.search_text = folded_text(*(getattr(self, field) for field in self.search_text_from))


def refill_search_text(queryset: QuerySet) -> int:
    """Fold again the searchable text of the rows of `queryset`; returns how many."""
    model = queryset.model
    base = model._base_manager.using(queryset.db)
    done = 0
    batch = []
    for obj in queryset.only("pk", *model.search_text_from).iterator(chunk_size=BATCH):
        obj.fill_search_text()
        batch.append(obj)
        if len(batch) == BATCH:
            done += base.bulk_update(batch, [SEARCH_FIELD])
            batch = []
    if batch:
        done += base.bulk_update(batch, [SEARCH_FIELD])
    return done


class SearchTextQuerySet(models.QuerySet):
    """Keeps `search_text` in step on the bulk paths that bypass `save()`. Put it first
    among the model queryset's bases."""

    def bulk_create(self, objs: Iterable[models.Model], *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.fill_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[models.Model], fields: Sequence[str], *args, **kwargs):
        fields = list(fields)
        if set(fields) & set(self.model.search_text_from):
            objs = list(objs)
            for obj in objs:
                obj.fill_search_text()
            if SEARCH_FIELD not in fields:
                fields.append(SEARCH_FIELD)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs) -> int:
        """An update of a searchable field folds the rows it changed again (the rows are
        picked before the update, which may move them out of this queryset's filter)."""
        if not set(kwargs) & set(self.model.search_text_from):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            base = self.model._base_manager.using(self.db)
            for start in range(0, len(pks), BATCH):
                refill_search_text(base.filter(pk__in=pks[start : start + BATCH]))
        return updated


class FoldedTextIndex(GinIndex):
    """The index of a `search_text` column: trigram GIN on PostgreSQL (contains-searches
    use it), a plain B-tree on SQLite (no trigram there; see the module's docstring)."""

    def __init__(self, *, name: str, fields: Sequence[str] = (SEARCH_FIELD,), **kwargs) -> None:
        kwargs.setdefault("opclasses", ["gin_trgm_ops"])
        super().__init__(fields=list(fields), name=name, **kwargs)

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(fields=self.fields, name=self.name)
        return plain.create_sql(model, schema_editor, using=using, **kwargs)

    def check_supported(self, schema_editor) -> None:
        """Supported everywhere: elsewhere than PostgreSQL it is a plain index."""


def ensure_search_extensions(*, using: str = "default", **kwargs) -> None:
    """Create pg_trgm before any table is made (a `pre_migrate` receiver): the schema
    built without migrations (`pytest --nomigrations`) needs it for the indexes."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def backfill_search_text(app_label: str, model_name: str, fields: Sequence[str]):
    """A RunPython step filling `search_text` of the rows a migration finds (historical
    models have neither the mixin's methods nor its queryset)."""

    def forwards(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.using(schema_editor.connection.alias)
        batch = []
        for obj in rows.only("pk", *fields).iterator(chunk_size=BATCH):
            obj.search_text = folded_text(*(getattr(obj, field) for field in fields))
            batch.append(obj)
            if len(batch) == BATCH:
                rows.bulk_update(batch, [SEARCH_FIELD])
                batch = []
        if batch:
            rows.bulk_update(batch, [SEARCH_FIELD])

    return forwards


class FoldedSearchAdminMixin:
    """The admin's search box (and its autocompletes) finds records whatever the
    diacritics and case: a `search_fields` entry ending in `search_text` is matched
    folded, any other (codes, phones, user names) as Django does, word by word."""

    def get_search_results(self, request, queryset, search_term):
        fields = [str(field) for field in self.get_search_fields(request)]
        if not fields or not search_term.strip():
            return queryset, False
        paths = [field for field in fields if field.split("__")[-1] == SEARCH_FIELD]
        plain = [field for field in fields if field not in paths]
        condition = matching(search_term, paths=paths, plain=plain)
        if condition is None:
            return queryset, False
        lookups = [*paths, *(field.lstrip("^=") for field in plain)]
        duplicates = any(lookup_spawns_duplicates(self.opts, lookup) for lookup in lookups)
        return queryset.filter(condition), duplicates
