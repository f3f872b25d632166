"""Excel and PDF outputs of the contest: entries, score matrix, ranking, score sheets, certificates.

Every output reads plain values (`values()` / `values_list()`) in a fixed number of
queries whatever the size of the contest, builds no model instance per row, and
streams its rows into a write-only workbook or a PDF template.

One module per output (`entries`, `matrix`, `ranking`, `scoresheets`, `certificates`);
every name is re-exported here, so callers keep writing `exports.round_matrix_workbook(...)`.
"""

from .certificates import Certificate, certificates, certificates_pdf
from .entries import entries_workbook
from .matrix import ABSTAINED_TEXT, ScoreMatrix, round_matrix_workbook, score_matrix
from .ranking import RankingExport, ranking_export, round_ranking_pdf, round_ranking_workbook, tie_break_text
from .scoresheets import ScoreLine, ScoreSheet, scoresheets, scoresheets_pdf

__all__ = [
    "entries_workbook",
    "ABSTAINED_TEXT",
    "ScoreMatrix",
    "score_matrix",
    "round_matrix_workbook",
    "tie_break_text",
    "RankingExport",
    "ranking_export",
    "round_ranking_workbook",
    "round_ranking_pdf",
    "ScoreLine",
    "ScoreSheet",
    "scoresheets",
    "scoresheets_pdf",
    "Certificate",
    "certificates",
    "certificates_pdf",
]
