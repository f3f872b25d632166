"""The consent a young person gives when they send their own idea to a contest.

Decree 13/2023/NĐ-CP on personal data protection requires consent given freely, for stated
purposes, and that can be shown later: the text is stored with the account, with the moment
the box was ticked (`Applicant.consent_text`, `consented_at`), as a job seeker's is.
"""

from django.utils.translation import gettext_lazy as _

APPLICANT_CONSENT_TEXT = _(
    "Tôi đồng ý để Ban tổ chức cuộc thi (Đoàn Thanh niên Cộng sản Hồ Chí Minh và đơn vị Đoàn tôi "
    "gửi ý tưởng) xử lý dữ liệu cá nhân tôi và các thành viên nhóm cung cấp (họ tên, ngày sinh, giới "
    "tính, dân tộc, số điện thoại, email) nhằm mục đích: xác thực tài khoản, xét điều kiện dự thi, "
    "tổ chức chấm thi, hỗ trợ khởi nghiệp và thống kê kết quả cuộc thi. Thông tin của thành viên "
    "được ghi vào danh sách thanh niên của đơn vị khi đơn vị xác nhận ý tưởng. Dữ liệu không được "
    "công khai, trừ tên ý tưởng, đơn vị và tên trưởng nhóm khi công bố kết quả. Tôi đã được các "
    "thành viên nhóm đồng ý cho cung cấp thông tin của họ. Tôi có quyền yêu cầu xem, sửa, xóa dữ "
    "liệu hoặc rút lại sự đồng ý bằng cách liên hệ Ban tổ chức, theo Nghị định 13/2023/NĐ-CP về "
    "bảo vệ dữ liệu cá nhân."
)
