"""The certificate register, numbers, verification codes and QR images every programme shares."""

import base64
import io

import pytest
import segno
from PIL import Image

from awards.models import AwardProgramme
from common.certificates import (
    VERIFICATION_CODE_LENGTH,
    certificate_number,
    new_verification_code,
    normalise_code,
    take_certificate_serials,
    unique_codes,
)
from common.qr import qr_png_data_uri
from tests.awards.factories import AwardProgrammeFactory


@pytest.mark.parametrize(
    ("serial", "symbol", "number"),
    [(5, "GCN-TĐTN", "05/GCN-TĐTN"), (12, "GCN-TĐ", "12/GCN-TĐ"), (105, "", "105"), (None, "GCN", "")],
)
def test_certificate_numbers_read_as_the_unions_documents(serial, symbol, number):
    assert certificate_number(serial, symbol) == number


def test_verification_codes_are_long_unambiguous_and_typed_back_as_stored():
    codes = {new_verification_code() for _ in range(300)}

    assert len(codes) == 300
    assert all(len(code) == VERIFICATION_CODE_LENGTH and not set(code) & set("01OIL") for code in codes)
    assert normalise_code(" ab3d-ef7h 9k ") == "AB3DEF7H9K"


def test_unique_codes_skip_those_already_taken():
    first = unique_codes(5, taken=lambda codes: [])
    again = unique_codes(3, taken=lambda codes: [c for c in codes if c in first])

    assert len(set(first)) == 5
    assert not set(again) & set(first)


@pytest.mark.django_db
def test_the_register_goes_on_and_never_gives_a_number_twice():
    programme = AwardProgrammeFactory()
    other = AwardProgrammeFactory()

    first = take_certificate_serials(programme, 3)
    nothing = take_certificate_serials(programme, 0)
    second = take_certificate_serials(AwardProgramme.objects.get(pk=programme.pk), 2)
    elsewhere = take_certificate_serials(other, 1)

    assert (first, nothing, second, elsewhere) == ([1, 2, 3], [], [4, 5], [1])
    assert AwardProgramme.objects.get(pk=programme.pk).certificates_issued == 5
    assert programme.certificates_issued == 3  # the instance it was given tracks its own takes


def test_qr_png_is_an_image_of_the_address():
    uri = qr_png_data_uri("https://thanhnien.example/awards/verify/AB3DEF7H9KMN/")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))

    assert uri.startswith("data:image/png;base64,")
    assert image.size[0] == image.size[1]
    expected = segno.make("https://thanhnien.example/awards/verify/AB3DEF7H9KMN/", error="m")
    assert image.size[0] == (expected.symbol_size(scale=4, border=4)[0])
