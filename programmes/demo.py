# ruff: noqa: E501 -- the demo tables keep one model or support record per row
"""Demo data of the model programmes: the province's "Bí thư Chi đoàn tiên phong khởi
nghiệp" programme, run with three of the registry's demo ventures (`ventures.demo`,
loaded before this app's)."""

from __future__ import annotations

import datetime

from common.demo import DemoContext
from ventures.demo import ACTOR
from ventures.models import Venture

from .models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingSession
from .services import (
    participant_register,
    participant_select,
    programme_save,
    support_record_add,
    training_record_attendance,
    training_session_save,
)

D = datetime.date
S = Venture.Sector

PROGRAMME_NAME = "Bí thư Chi đoàn tiên phong khởi nghiệp giai đoạn 2026–2027"
PROGRAMME_REGISTERED_ON = D(2026, 6, 20)  # the communes sent their lists before the deadline
# (venture name, registering officer, registering unit, branch, sector, support needs)
PROGRAMME_ENTRIES = [
    ("Mô hình chăn nuôi dê sinh sản của Bí thư Chi đoàn bản Hìn", "maison", "mai-son", "Chi đoàn bản Hìn", S.LIVESTOCK, "Vay vốn mở rộng chuồng trại, con giống."),
    ("Vườn chanh leo VietGAP của Bí thư Chi đoàn bản Nà Tre", "maison", "mai-son", "Chi đoàn bản Nà Tre", S.CROPS, "Kết nối doanh nghiệp bao tiêu, gian hàng hội chợ."),
    ("Cửa hàng đặc sản Tây Bắc trực tuyến của Bí thư Chi đoàn Tổ 3", "tohieu", "to-hieu", "Chi đoàn Tổ 3", S.TRADE, "Đăng ký nhãn hiệu, chứng nhận an toàn thực phẩm."),
]  # fmt: skip
# (venture name, kind, date, amount, provider, description)
PROGRAMME_SUPPORT = [
    ("Mô hình chăn nuôi dê sinh sản của Bí thư Chi đoàn bản Hìn", "loan_vbsp", D(2026, 8, 20), 50_000_000, "NHCSXH chi nhánh tỉnh Sơn La", "Vay vốn giải quyết việc làm, thời hạn 36 tháng."),
    ("Vườn chanh leo VietGAP của Bí thư Chi đoàn bản Nà Tre", "trade_fair", D(2026, 9, 10), None, "Hội chợ nông sản an toàn Sơn La", "Gian hàng giới thiệu chanh leo VietGAP."),
    ("Cửa hàng đặc sản Tây Bắc trực tuyến của Bí thư Chi đoàn Tổ 3", "trademark", D(2026, 10, 5), None, "Sở Khoa học và Công nghệ", "Hướng dẫn hồ sơ đăng ký nhãn hiệu."),
]  # fmt: skip


def load(ctx: DemoContext) -> None:
    """The province's pioneer-secretary programme, owned by the Sơn La province unit: three models of the registry's demo
    registered by their communes, selected, trained and supported; their progress
    reports (`ventures.demo`) feed its overdue list."""
    staff = ctx.user(ACTOR)
    province = ctx.unit("tinh-doan-son-la")
    programme = ModelProgramme.objects.filter(name=PROGRAMME_NAME, owner=province).first()
    if programme is None:
        programme = programme_save(
            programme=ModelProgramme(
                name=PROGRAMME_NAME,
                description=(
                    "Đối tượng: Bí thư Chi đoàn khối địa bàn dân cư có mong muốn, ý tưởng phát triển kinh tế, "
                    "ưu tiên Bí thư Chi đoàn đã có mô hình. Đoàn các xã, phường gửi danh sách theo mẫu; "
                    "báo cáo kết quả hằng tháng, 6 tháng và năm."
                ),
                start_date=D(2026, 6, 1),
                end_date=D(2027, 12, 31),
                registration_deadline=D(2026, 6, 22),
                target_models=10,
                reporting_from=D(2026, 8, 1),
                evaluation_from=D(2027, 11, 1),
                status=ModelProgramme.Status.ACTIVE,
            ),
            owner=province,
            actor=staff,
        )
    ventures = {v.name: v for v in Venture.objects.filter(name__in=[e[0] for e in PROGRAMME_ENTRIES])}
    participants = {p.venture.name: p for p in programme.participants.select_related("venture")}
    for name, officer, unit, branch, sector, needs in PROGRAMME_ENTRIES:
        if name in participants:
            continue
        participant = participant_register(
            participant=ProgrammeParticipant(
                programme=programme,
                venture=ventures[name],
                unit=ctx.unit(unit),
                branch_name=branch,
                sector=sector,
                support_needs=needs,
            ),
            actor=ctx.user(officer),
            today=PROGRAMME_REGISTERED_ON,
        )
        participants[name] = participant_select(participant=participant, selected=True, sector=sector, actor=staff)
    session = programme.training_sessions.filter(title__startswith="Lớp tập huấn kiến thức").first()
    if session is None:
        session = training_session_save(
            session=TrainingSession(
                programme=programme,
                title="Lớp tập huấn kiến thức, kỹ năng khởi nghiệp cho Bí thư Chi đoàn",
                date=D(2026, 7, 15),
                place="Hội trường Tỉnh đoàn Sơn La",
                trainer="Ban Phong trào Tỉnh đoàn; Trung tâm Khuyến nông tỉnh",
                topic="Lập phương án sản xuất kinh doanh, tiếp cận vốn vay, xây dựng thương hiệu sản phẩm.",
            ),
            actor=staff,
        )
        # The Tổ 3 secretary sent apologies; the other two attended.
        training_record_attendance(
            session=session,
            attended_ids=[participants[e[0]].pk for e in PROGRAMME_ENTRIES[:2]],
            actor=staff,
        )
    recorded = set(
        SupportRecord.objects.filter(participant__programme=programme).values_list("participant_id", "kind", "date")
    )
    new_support = 0
    for name, kind, day, amount, provider, description in PROGRAMME_SUPPORT:
        participant = participants[name]
        if (participant.pk, kind, day) in recorded or day > ctx.today:
            continue
        support_record_add(
            record=SupportRecord(
                participant=participant, kind=kind, date=day, amount=amount, provider=provider, description=description
            ),
            actor=staff,
        )
        new_support += 1
    ctx.log(f"  chương trình mô hình: {programme.name}, {len(participants)} mô hình, {new_support} lượt hỗ trợ mới")
