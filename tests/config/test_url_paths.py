"""Every URL path of the project follows one rule (README, "URL paths").

A segment is English, lowercase, words joined by hyphens (`honour-roll`, `check-in`),
optionally a file name ending in `.xlsx` or `.pdf`, or a converter (`<int:pk>`). Whether
a noun is plural cannot be tested; whether a word is English can only be guessed, so a
segment made only of words that read as Vietnamese syllables without their marks
(`san-pham`, `danh-sach`, `bao-cao`) fails unless its words are listed as English below.

The admin and Django's own account views (`password_reset/`) keep Django's paths. The
named exceptions are the public OCOP catalogue's first paths, kept as permanent
redirects because they are printed on QR codes.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

SEGMENT = re.compile(r"^(?:<\w+(?::\w+)?>|[a-z0-9]+(?:-[a-z0-9]+)*(?:\.(?:xlsx|pdf))?)$")

# A syllable of Vietnamese written without its marks: an initial consonant, then a rhyme.
_ONSET = r"(?:b|c|ch|d|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?"
_RHYME = (
    r"(?:a|ai|ao|au|ay|e|eo|i|ia|iu|o|oa|oai|oay|oe|oi|u|ua|ui|uo|uoi|uu|uy|uya|y|yeu|ieu|uou)"
    r"|(?:a|e|i|o|u|y|ie|ye|oa|oe|ua|ue|uo|uy|uye)(?:c|ch|m|n|ng|nh|p|t)"
)
VIETNAMESE_SYLLABLE = re.compile(rf"^{_ONSET}(?:{_RHYME})$")
# English words of our paths that also read as Vietnamese syllables (`check-in`, `no-prizes`).
ENGLISH_WORDS = {"in", "no"}

# The public OCOP catalogue's first paths: permanent redirects to `ocop/catalogue/…`.
REDIRECTS = {
    "ocop/san-pham/": "ocop:catalogue-old",
    "ocop/san-pham/<int:pk>/": "ocop:catalogue-detail-old",
    "ocop/san-pham/anh/<int:pk>/": "ocop:catalogue-photo-old",
}


def project_paths(patterns=None, prefix: str = ""):
    """(route, pattern) of every URL pattern outside the admin and Django's own views."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route != "admin/":
                yield from project_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not pattern.callback.__module__.startswith("django.contrib."):
            yield route, pattern


def reads_as_vietnamese(segment: str) -> bool:
    words = segment.split(".")[0].split("-")
    return all(VIETNAMESE_SYLLABLE.match(word) and word not in ENGLISH_WORDS for word in words)


def breaks_rule(segment: str) -> bool:
    if not SEGMENT.match(segment):
        return True
    return not segment.startswith("<") and reads_as_vietnamese(segment)


def test_every_path_segment_is_english_lowercase_and_hyphenated():
    wrong = [
        f"/{route} ({segment})"
        for route, _pattern in project_paths()
        if route not in REDIRECTS
        for segment in route.split("/")
        if segment and breaks_rule(segment)
    ]
    assert not wrong, "URL path segments outside the rule (README, 'URL paths'):\n" + "\n".join(wrong)


def test_the_named_exceptions_are_permanent_redirects():
    routes = {route for route, _pattern in project_paths()}
    for route, name in REDIRECTS.items():
        assert route in routes
        match = resolve("/" + route.replace("<int:pk>", "1"))
        assert match.view_name == name
        assert match.func.view_initkwargs["permanent"] is True


@pytest.mark.parametrize(
    "segment",
    ["san-pham", "anh", "danh-sach", "bao-cao", "su-kien", "viec-lam", "tuyen-duong", "ke-hoach", "dang-ky"],
)
def test_vietnamese_segments_break_the_rule(segment):
    assert breaks_rule(segment)


@pytest.mark.parametrize(
    "segment",
    ["Products", "san_pham", "sản-phẩm", "products/", "report.csv", "-draft"],
)
def test_malformed_segments_break_the_rule(segment):
    assert breaks_rule(segment)


@pytest.mark.parametrize(
    "segment",
    ["catalogue", "honour-roll", "check-in", "no-prizes", "summary.pdf", "template.xlsx", "<int:pk>", "<str:token>"],
)
def test_english_segments_keep_the_rule(segment):
    assert not breaks_rule(segment)
