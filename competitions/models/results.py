"""How a round ended for each entry, and the prizes awarded."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel, actor_field

from .contests import PrizeTier
from .entries import Entry
from .rounds import Round


class RoundResult(TimeStampedModel):
    """How a round ended for an entry: its rank and scores when staff decided."""

    class Outcome(models.TextChoices):
        ADVANCED = "advanced", _("Vào vòng sau")
        ELIMINATED = "eliminated", _("Dừng")
        FINALIST = "finalist", _("Hoàn thành chung kết")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="round_results")
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    mean = models.DecimalField(_("điểm trung bình"), max_digits=7, decimal_places=2, null=True, blank=True)
    median = models.DecimalField(_("trung vị"), max_digits=7, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices)

    class Meta:
        verbose_name = _("kết quả vòng")
        verbose_name_plural = _("kết quả vòng")
        ordering = ["round", "rank"]
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="competitions_roundresult_once")]


class Award(TimeStampedModel):
    """A prize given to an entry after the final."""

    tier = models.ForeignKey(PrizeTier, verbose_name=_("giải"), on_delete=models.PROTECT, related_name="awards")
    entry = models.OneToOneField(Entry, verbose_name=_("bài dự thi"), on_delete=models.PROTECT, related_name="award")
    awarded_by = actor_field(_("người trao"))
    # The day the prize was given (the fact reports count by), set by the service that gives it.
    awarded_on = models.DateField(_("ngày trao giải"), null=True, blank=True)
    # The prize's certificate, given when the results are published (`contest_publish_results`):
    # its number in the contest's register and the code of its public verification page.
    certificate_serial = models.PositiveIntegerField(_("số giấy chứng nhận"), null=True, blank=True, editable=False)
    verification_code = models.CharField(_("mã xác minh"), max_length=12, blank=True, editable=False)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["tier__rank", "entry__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["verification_code"],
                condition=~models.Q(verification_code=""),
                name="competitions_award_unique_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tier} · {self.entry}"
