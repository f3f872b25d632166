"""pdf_response: the download headers (rendering itself is tested through the apps' PDFs)."""

import pytest

from common.pdf import pdf_response


@pytest.mark.parametrize(
    ("inline", "disposition"),
    [(False, "attachment; filename="), (True, "inline; filename=")],
)
def test_pdf_response_is_a_download_or_shown_inline(inline, disposition):
    response = pdf_response(b"%PDF-1.7", filename="xep-hang.pdf", inline=inline)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'{disposition}"xep-hang.pdf"'
    assert response.content == b"%PDF-1.7"


def test_pdf_response_sends_a_vietnamese_filename_encoded():
    response = pdf_response(b"%PDF-1.7", filename="Giấy chứng nhận.pdf")

    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn.pdf"
    )
