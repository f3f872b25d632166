from common.qr import TICKET_CODE_LENGTH, new_ticket_code, normalise_ticket_code, qr_svg


def test_ticket_codes_are_unambiguous_and_distinct():
    codes = {new_ticket_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == TICKET_CODE_LENGTH
        assert not set(code) & set("01OIL")


def test_a_typed_code_is_normalised_as_stored():
    assert normalise_ticket_code(" ab3d-ef7h 9k ") == "AB3DEF7H9K"
    assert normalise_ticket_code(None) == ""


def test_qr_svg_is_inline_markup():
    svg = str(qr_svg("AB3DEF7H9K"))
    assert svg.startswith("<svg")
    assert "<script" not in svg
