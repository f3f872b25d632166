# ruff: noqa: E501 -- the demo tables keep one activity, one target per row
"""Demo plan: the Sơn La provincial union's 2021 plan of activities with young
entrepreneurs (seeds/plan-son-la-2021-startup-activities.txt), its activities (§II)
with their timelines, and its targets wired to the portal's computed indicators.

The seed omits the 2021 plan's own number and date (it cites Kế hoạch số
106-KH/TĐTN-PT ngày 06/5/2019, which it implements); the demo gives it a number
in the same series.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.demo import LAI_CHAU_CODE
from common.demo import ensure_object

from ..models import Plan, PlanActivity, Target

D = datetime.date
LAI_CHAU_PLAN_NUMBER = "08-KH/TĐTN-TNNT"
PROVINCE_CODE = "tinh-doan-son-la"
PLAN_NUMBER = "12-KH/TĐTN-PT"

# (content, timeline, starts, ends, responsible, units); the order is the row's.
ACTIVITIES = [
    ("Tổ chức cuộc thi “Dự án, ý tưởng khởi nghiệp” lần thứ IV: triển khai, thu bài, chấm sơ tuyển, tư vấn hoàn thiện, chung kết cấp tỉnh.", "Triển khai tháng 3/2021; thu bài trước 30/8/2021; sơ tuyển 5–10/9; tư vấn 11–15/9; chung kết 17/9/2021", D(2021, 3, 1), D(2021, 9, 17), "Ban Phong trào Tỉnh đoàn", "Huyện, Thành đoàn; Đoàn trực thuộc"),
    ("Tổ chức tuyên dương thanh niên làm kinh tế giỏi: ban hành Hướng dẫn, tổ chức chương trình tuyên dương.", "Hướng dẫn trước 15/3/2021; tuyên dương dự kiến 15/10/2021", D(2021, 3, 1), D(2021, 10, 15), "Văn phòng Tỉnh đoàn", "Huyện, Thành đoàn; Đoàn trực thuộc"),
    ("Diễn đàn khởi nghiệp dành cho thanh niên, sinh viên; tập huấn kiến thức khởi nghiệp.", "Dự kiến tháng 4/2021, Trường Đại học Tây Bắc", D(2021, 4, 1), D(2021, 4, 30), "Ban Phong trào Tỉnh đoàn", "Đoàn trường Đại học Tây Bắc"),
    ("Hoạt động thúc đẩy tinh thần khởi nghiệp cho học sinh, sinh viên: tư vấn, hướng nghiệp ở các trường THPT, TTGDNN-GDTX; mô hình, câu lạc bộ hỗ trợ sinh viên khởi nghiệp.", "Dự kiến tháng 5 và tháng 10/2021", D(2021, 5, 1), D(2021, 10, 31), "Ban Thanh thiếu nhi trường học", "Đoàn khối trường học"),
    ("Hỗ trợ dự án khởi nghiệp đổi mới sáng tạo; ký kết hợp tác với các quỹ; phối hợp Ngân hàng CSXH hỗ trợ vốn; phiên chợ online tiêu thụ sản phẩm cho thanh niên.", "Dự kiến tháng 9/2021", D(2021, 9, 1), D(2021, 9, 30), "Ban Phong trào Tỉnh đoàn", "Ngân hàng CSXH tỉnh; doanh nghiệp"),
    ("Hỗ trợ triển khai Chương trình OCOP trong thanh niên: rà soát xã có sản phẩm có khả năng đạt OCOP (hoàn thành tháng 4/2021); quảng bá, kết nối tiêu thụ sản phẩm OCOP của thanh niên (tháng 10/2021).", "Danh sách gửi trước 30/3/2021; tháng 5 và tháng 10/2021", D(2021, 3, 1), D(2021, 10, 31), "Ban Phong trào Tỉnh đoàn", "Các xã, phường, thị trấn"),
    ("Giới thiệu việc làm cho thanh niên: Ngày hội việc làm, sàn giao dịch việc làm, ngày hội tuyển dụng.", "Dự kiến tháng 3–4/2021", D(2021, 3, 1), D(2021, 4, 30), "Trung tâm Hoạt động thanh thiếu nhi", "Đoàn khối trường học"),
]  # fmt: skip

# Who a target applies to: each unit of the given kinds, or the province as a whole.
EACH_UNIT = (Target.Scope.UNIT, "district,affiliated,bloc,school")
EACH_DISTRICT = (Target.Scope.UNIT, "district")
PROVINCE = (Target.Scope.PROVINCE, "")

# (label, source, who, goal); the order is the row's. The source is an indicator code
# (`app.name`) or else the code of a field of the units' reports; a goal written "100%"
# is a share, a number a count.
TARGETS = [
    ("Mỗi đơn vị đăng ký ít nhất 05 ý tưởng dự thi cuộc thi “Dự án, ý tưởng khởi nghiệp” lần thứ IV", "competitions.ideas_submitted", EACH_UNIT, 5),
    ("Mỗi đơn vị đề xuất ít nhất 01 gương thanh niên làm kinh tế giỏi", "awards.nominations", EACH_UNIT, 1),
    ("Toàn tỉnh có ít nhất 10 mô hình “Bí thư Chi đoàn tiên phong khởi nghiệp”", "ventures.pioneer_models", PROVINCE, 10),
    ("Toàn tỉnh có ít nhất 05 hợp tác xã, tổ hợp tác do thanh niên làm chủ", "ventures.youth_cooperatives", PROVINCE, 5),
    ("Mỗi đơn vị có bài viết về gương, mô hình thanh niên khởi nghiệp trên fanpage mỗi quý (đơn vị báo cáo)", "fanpage_co_bai_viet", EACH_UNIT, 1),
    ("100% Đoàn trường THPT, TTGDNN-GDTX tổ chức ít nhất 01 hoạt động tư vấn, hướng nghiệp cho học sinh", "jobs.schools_counselled", PROVINCE, "100%"),
    ("100% Đoàn các trường Đại học, Cao đẳng có mô hình hoặc Câu lạc bộ hỗ trợ sinh viên khởi nghiệp", "events.schools_with_club", PROVINCE, "100%"),
    ("Mỗi huyện, thành đoàn giới thiệu ít nhất 01 sản phẩm của thanh niên tham gia Chương trình OCOP", "ocop.products_supported", EACH_DISTRICT, 1),
]  # fmt: skip


def _target_values(label: str, source: str, who: tuple[str, str], goal: int | str) -> dict:
    computed = "." in source
    share = isinstance(goal, str)
    scope, kinds = who
    return {
        "label": label,
        "source": Target.Source.COMPUTED if computed else Target.Source.REPORTED,
        "indicator_code": source if computed else "",
        "report_field_code": "" if computed else source,
        "scope": scope,
        "unit_kinds": kinds,
        "comparison": Target.Comparison.AT_LEAST_PERCENT if share else Target.Comparison.AT_LEAST,
        "value": Decimal(goal.rstrip("%") if share else goal),
    }


def load_plans(ctx) -> None:
    from reports.planning import catalogue

    province = ctx.units[PROVINCE_CODE]
    staff = ctx.users.get("tinhdoan")
    plan, _created = ensure_object(
        Plan,
        lookup={"issuer": province, "number": PLAN_NUMBER},
        values={
            "issued_on": D(2021, 3, 1),
            "title": "Tổ chức các hoạt động cấp tỉnh đồng hành với thanh niên khởi nghiệp, lập nghiệp năm 2021",
            "signed_by": "TM. Ban Thường vụ Tỉnh đoàn, Phó Bí thư Thường trực Nguyễn Duy Dũng",
            "start_date": D(2021, 1, 1),
            "end_date": D(2021, 12, 31),
            "summary": (
                "Thực hiện Kế hoạch số 106-KH/TĐTN-PT ngày 06/5/2019 của Ban Thường vụ Tỉnh đoàn về triển khai Đề án "
                "“Thanh niên khởi nghiệp giai đoạn 2019 – 2022”. Tạo sân chơi phát huy tiềm năng sáng tạo, truyền "
                "cảm hứng khởi nghiệp; kết nối đầu tư cho dự án khả thi."
            ),
            "created_by": staff,
            "owner": province,  # run by the province's staff
        },
    )
    for order, (content, timeline, starts, ends, responsible, units_note) in enumerate(ACTIVITIES, start=1):
        ensure_object(
            PlanActivity,
            lookup={"plan": plan, "order": order},
            values={
                "content": content,
                "timeline": timeline,
                "starts_on": starts,
                "ends_on": ends,
                "responsible": responsible,
                "units_note": units_note,
            },
        )
    known = catalogue.indicators()
    for order, row in enumerate(TARGETS, start=1):
        values = _target_values(*row)
        if values["indicator_code"] and values["indicator_code"] not in known:
            continue
        ensure_object(Target, lookup={"plan": plan, "order": order}, values=values)


def load_lai_chau_plan(ctx) -> Plan | None:
    """Lai Châu's own plan for this year, run by its provincial union (one activity, no targets)."""
    if LAI_CHAU_CODE not in ctx.units:
        return None
    province, year = ctx.units[LAI_CHAU_CODE], ctx.today.year
    plan, _created = ensure_object(
        Plan,
        lookup={"issuer": province, "number": LAI_CHAU_PLAN_NUMBER},
        values={
            "issued_on": D(year, 1, 15),
            "title": f"Hỗ trợ thanh niên tỉnh Lai Châu khởi nghiệp, lập nghiệp năm {year}",
            "signed_by": "TM. Ban Thường vụ Tỉnh đoàn Lai Châu",
            "start_date": D(year, 1, 1),
            "end_date": D(year, 12, 31),
            "created_by": ctx.users.get("laichau"),
            "owner": province,
        },
    )
    ensure_object(
        PlanActivity,
        lookup={"plan": plan, "order": 1},
        values={
            "content": "Tập huấn khởi nghiệp cho thanh niên các xã vùng cao",
            "timeline": "Quý II",
            "starts_on": D(year, 4, 1),
            "ends_on": D(year, 6, 30),
            "responsible": "Ban Thanh niên nông thôn Tỉnh đoàn Lai Châu",
            "units_note": "Đoàn các xã, phường",
        },
    )
    return plan
