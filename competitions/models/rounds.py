"""Rounds of a contest, their state at a moment, decisions with missing scorecards, criteria."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.history import history_user
from common.models import TimeStampedModel, actor_field

from .contests import Contest


class Round(TimeStampedModel):
    """A stage of the contest: a scoring round or a coaching period."""

    class Kind(models.TextChoices):
        SCORING = "scoring", _("Vòng chấm điểm")
        COACHING = "coaching", _("Tư vấn, hoàn thiện")

    class Weighting(models.TextChoices):
        POINTS = "points", _("Cộng điểm các tiêu chí (có thể nhân hệ số)")
        PERCENT = "percent", _("Trọng số theo phần trăm")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa bắt đầu")
        OPEN = "open", _("Đang diễn ra")
        CLOSED = "closed", _("Đã kết thúc")

    contest = models.ForeignKey(Contest, verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên vòng"), max_length=150)
    kind = models.CharField(_("loại vòng"), max_length=10, choices=Kind.choices, default=Kind.SCORING)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    opens_at = models.DateTimeField(_("bắt đầu"))
    closes_at = models.DateTimeField(_("kết thúc"))
    is_final = models.BooleanField(_("vòng chung kết"), default=False)
    judges_per_entry = models.PositiveSmallIntegerField(_("số giám khảo mỗi bài"), default=3)
    is_blind = models.BooleanField(
        _("chấm ẩn danh"), default=True, help_text=_("Giám khảo không thấy tên nhóm và đơn vị gửi bài.")
    )
    is_live = models.BooleanField(
        _("chung kết trực tiếp"), default=False, help_text=_("Các nhóm thuyết trình; giám khảo chấm tại chỗ.")
    )
    advance_count = models.PositiveSmallIntegerField(
        _("số bài vào vòng sau"), null=True, blank=True, help_text=_("Lấy N bài điểm cao nhất.")
    )
    advance_threshold = models.DecimalField(
        _("điểm sàn vào vòng sau"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Hoặc mọi bài có điểm trung bình từ mức này trở lên."),
    )
    # The scorecard's stated total ("thang điểm 100"): the criteria's maximum points, times
    # their weights, add up to it (checked by the set-up and its checklist).
    max_total = models.DecimalField(
        _("tổng điểm tối đa của phiếu chấm"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    weighting = models.CharField(
        _("cách tính điểm"), max_length=10, choices=Weighting.choices, default=Weighting.POINTS
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("chuyên gia tư vấn"), blank=True, related_name="mentored_rounds"
    )
    on_stage = models.ForeignKey(
        "Entry",
        verbose_name=_("bài đang thuyết trình"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ranking_revealed_at = models.DateTimeField(_("công bố xếp hạng lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("chốt kết quả lúc"), null=True, blank=True)
    decided_by = actor_field(_("người chốt kết quả"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["contest", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="competitions_round_unique_order"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="competitions_round_window_in_order",
                violation_error_message=_("Thời gian kết thúc phải sau thời gian bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(judges_per_entry__gte=1),
                name="competitions_round_at_least_one_judge",
                violation_error_message=_("Mỗi bài cần ít nhất một giám khảo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest} · {self.name}"

    @property
    def is_scoring(self) -> bool:
        return self.kind == self.Kind.SCORING

    def is_open_at(self, moment: datetime.datetime) -> bool:
        return self.status == self.Status.OPEN and self.opens_at <= moment <= self.closes_at

    def state_at(self, moment: datetime.datetime) -> RoundState:
        """The one answer to "can people work in this round now, and why": status + window + now.

        Every page (staff, judge, mentor) shows this, so they never disagree.
        """
        return round_state(
            status=self.status,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            decided_at=self.decided_at,
            moment=moment,
        )

    def clean(self) -> None:
        super().clean()
        if self.advance_count is not None and self.advance_threshold is not None:
            raise ValidationError(_("Chọn một cách vào vòng sau: số bài cao nhất hoặc điểm sàn, không cả hai."))


@dataclass(frozen=True)
class RoundState:
    """A round's state at a moment and the sentence that explains it."""

    PENDING: ClassVar[str] = "pending"  # staff have not opened it
    NOT_YET: ClassVar[str] = "not_yet"  # opened, its window not yet begun
    OPEN: ClassVar[str] = "open"
    CLOSED: ClassVar[str] = "closed"  # window over or closed, not decided
    DECIDED: ClassVar[str] = "decided"

    code: str
    reason: str

    @property
    def is_open(self) -> bool:
        return self.code == self.OPEN


def round_state(
    *,
    status: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    decided_at: datetime.datetime | None,
    moment: datetime.datetime,
) -> RoundState:
    """A round's state from its own fields, for pages that read rounds as plain values."""

    def shown(value: datetime.datetime) -> str:
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")

    if decided_at is not None:
        return RoundState(RoundState.DECIDED, gettext("Đã chốt kết quả lúc %(when)s") % {"when": shown(decided_at)})
    if status == Round.Status.CLOSED:
        return RoundState(RoundState.CLOSED, gettext("Đã đóng, chờ chốt kết quả"))
    if status == Round.Status.PENDING:
        return RoundState(RoundState.PENDING, gettext("Chưa mở – dự kiến mở từ %(when)s") % {"when": shown(opens_at)})
    if moment < opens_at:
        return RoundState(RoundState.NOT_YET, gettext("Chưa mở – mở từ %(when)s") % {"when": shown(opens_at)})
    if moment > closes_at:
        return RoundState(
            RoundState.CLOSED, gettext("Đã đóng lúc %(when)s, chờ chốt kết quả") % {"when": shown(closes_at)}
        )
    return RoundState(RoundState.OPEN, gettext("Đang mở đến %(when)s") % {"when": shown(closes_at)})


class RoundDecisionException(TimeStampedModel):
    """Staff decided a round while scorecards were still missing: who, when, why and which entries.

    Made only by `services.round_advance_with_exception`; shown on the ranking page, its
    PDF and Excel, and the public results.
    """

    round = models.OneToOneField(
        Round, verbose_name=_("vòng thi"), on_delete=models.PROTECT, related_name="decision_exception"
    )
    reason = models.TextField(_("lý do"))
    entries = models.ManyToManyField("Entry", verbose_name=_("bài còn thiếu phiếu"), related_name="+")
    # What was missing when staff decided, as they saw it: code, title, submitted/required.
    missing = models.JSONField(_("phiếu còn thiếu"), default=list)
    decided_by = actor_field(_("người quyết định"))
    decided_at = models.DateTimeField(_("quyết định lúc"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("chốt kết quả khi thiếu phiếu chấm")
        verbose_name_plural = _("chốt kết quả khi thiếu phiếu chấm")

    def __str__(self) -> str:
        return str(self.round)

    @property
    def entry_codes(self) -> str:
        return ", ".join(row.get("code") or row.get("title", "") for row in self.missing)


class Criterion(models.Model):
    """One line of a scorecard (phiếu chấm): what is judged and its maximum points."""

    round = models.ForeignKey(Round, verbose_name=_("vòng thi"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("tiêu chí"), max_length=255)
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.5"))]
    )
    weight = models.DecimalField(
        _("hệ số"), max_digits=4, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))]
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm")
        verbose_name_plural = _("tiêu chí chấm")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name
