"""Excel outputs: one fair (seekers, employers and vacancies, applications, figures) and a year."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common.excel import ONE_DECIMAL, Styled, build_workbook
from common.formatting import format_vnd

from . import selectors
from .models import Application, Employer, JobFair, JobSeeker, Vacancy


def _salary(vacancy: Vacancy) -> str:
    if vacancy.salary_min is None and vacancy.salary_max is None:
        return _("Thỏa thuận")
    low = format_vnd(vacancy.salary_min, symbol=False)
    high = format_vnd(vacancy.salary_max, symbol=False)
    return f"{low} – {high}".strip(" –")


def _stats_rows(stats: selectors.FairStats) -> list[list]:
    return [
        [_("Nhà tuyển dụng (đã duyệt)"), stats.employers],
        [_("Vị trí tuyển dụng"), stats.vacancies],
        [_("Chỉ tiêu tuyển dụng"), stats.openings],
        [_("Người tìm việc đăng ký"), stats.seekers],
        [_("Người tìm việc đã check-in"), stats.checked_in],
        [_("Lượt ứng tuyển"), stats.applications],
        [_("Lượt phỏng vấn"), stats.interviews],
        [_("Lượt tuyển dụng"), stats.hires],
        [_("Tỷ lệ tuyển dụng (%) / người check-in"), float(stats.hire_rate) if stats.hire_rate is not None else None],
    ]


def fair_workbook(*, fair: JobFair) -> bytes:
    """Sheet 1 the seekers, then employers and vacancies, applications and the figures."""
    seekers = JobSeeker.objects.filter(fair=fair).order_by("full_name", "pk")
    seeker_rows = (
        [
            s.full_name,
            s.date_of_birth,
            s.get_gender_display(),
            s.phone,
            s.email,
            s.get_education_display(),
            s.major,
            s.desired_positions,
            _("Có") if s.wants_overseas else "",
            s.ticket_code,
            s.created_at,
            s.checked_in_at,
        ]
        for s in seekers.iterator()
    )
    vacancy_rows: list[list] = [
        [
            _("Doanh nghiệp"),
            _("Mã số thuế"),
            _("Trạng thái"),
            _("Vị trí"),
            _("Số lượng"),
            _("Trình độ tối thiểu"),
            _("Tuổi"),
            _("Lương (đồng/tháng)"),
            _("Nơi làm việc"),
            _("Nước ngoài"),
        ]
    ]
    for employer in Employer.objects.filter(fair=fair).prefetch_related("vacancies").order_by("name"):
        vacancies = list(employer.vacancies.all()) or [None]
        for v in vacancies:
            vacancy_rows.append(
                [
                    employer.name,
                    employer.tax_code,
                    employer.get_status_display(),
                    v.position if v else "",
                    v.openings if v else None,
                    v.get_education_display() if v else "",
                    f"{v.age_min or ''}–{v.age_max or ''}".strip("–") if v else "",
                    _salary(v) if v else "",
                    v.work_location if v else "",
                    (_("Có") if v.is_overseas else "") if v else "",
                ]
            )
    application_rows: list[list] = [
        [_("Người tìm việc"), _("Số điện thoại"), _("Doanh nghiệp"), _("Vị trí"), _("Kết quả"), _("Tuyển dụng lúc")]
    ]
    for a in (
        Application.objects.filter(seeker__fair=fair)
        .select_related("seeker", "vacancy__employer")
        .order_by("seeker__full_name", "pk")
    ):
        application_rows.append(
            [
                a.seeker.full_name,
                a.seeker.phone,
                a.vacancy.employer.name,
                a.vacancy.position,
                a.get_status_display(),
                a.hired_at,
            ]
        )
    stats = selectors.fair_statistics([fair.pk])[fair.pk]
    return build_workbook(
        title=_("Người tìm việc"),
        headers=[
            _("Họ và tên"),
            _("Ngày sinh"),
            _("Giới tính"),
            _("Số điện thoại"),
            _("Email"),
            _("Trình độ"),
            _("Chuyên ngành"),
            _("Vị trí mong muốn"),
            _("Muốn đi nước ngoài"),
            _("Mã vé"),
            _("Đăng ký lúc"),
            _("Check-in lúc"),
        ],
        rows=seeker_rows,
        key_columns=1,
        extra_sheets={
            _("Doanh nghiệp, vị trí"): vacancy_rows,
            _("Ứng tuyển"): application_rows,
            _("Thống kê"): [[_("Chỉ số"), _("Giá trị")], *_stats_rows(stats)],
        },
    )


def year_workbook(*, user, year: int) -> bytes:
    stats = selectors.year_statistics(user=user, year=year)

    def line(name, unit_name, day, s):
        return [
            name,
            unit_name,
            day,
            s.employers,
            s.vacancies,
            s.openings,
            s.seekers,
            s.checked_in,
            s.interviews,
            s.hires,
            float(s.hire_rate) if s.hire_rate is not None else None,
        ]

    rows = [line(f.name, f.unit.name, f.day, s) for f, s in stats.rows]
    rows.append([Styled(value, bold=True) for value in line(_("Tổng cộng"), "", None, stats.total)])
    return build_workbook(
        title=_("Thống kê %(year)s") % {"year": year},
        headers=[
            _("Ngày hội"),
            _("Đơn vị tổ chức"),
            _("Ngày"),
            _("Nhà tuyển dụng"),
            _("Vị trí"),
            _("Chỉ tiêu tuyển"),
            _("Người đăng ký"),
            _("Đã check-in"),
            _("Phỏng vấn"),
            _("Tuyển dụng"),
            _("Tỷ lệ tuyển dụng (%)"),
        ],
        rows=rows,
        key_columns=1,
        formats={10: ONE_DECIMAL},
    )
