"""The consent a job seeker gives to the processing of their personal data.

Decree 13/2023/NĐ-CP on personal data protection requires consent that is given
freely, for stated purposes, and that can be shown later: the text the seeker saw
is stored with the registration, with the moment they ticked the box.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXT = _(
    "Tôi đồng ý để Ban tổ chức ngày hội (Đoàn Thanh niên và các đơn vị phối hợp) xử lý dữ liệu "
    "cá nhân tôi cung cấp (họ tên, ngày sinh, số điện thoại, trình độ, vị trí mong muốn) nhằm "
    "mục đích: cấp vé tham dự, check-in, giới thiệu việc làm và gửi hồ sơ của tôi đến các nhà "
    "tuyển dụng mà tôi ứng tuyển, thống kê kết quả ngày hội. Dữ liệu không được công khai và "
    "không được chuyển cho bên khác ngoài các nhà tuyển dụng tôi ứng tuyển. Tôi có quyền yêu "
    "cầu xem, sửa, xóa dữ liệu hoặc rút lại sự đồng ý bằng cách liên hệ Ban tổ chức, theo Nghị "
    "định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân."
)
