"""The programme pages lived under /ventures/programmes/: links already sent answer with a
permanent redirect to the same page under /programmes/, query string kept."""

import pytest
from django.urls import reverse

from programmes.urls import old_urlpatterns, urlpatterns


@pytest.mark.parametrize(
    ("old", "name", "kwargs"),
    [
        ("/ventures/programmes/", "programmes:programme-list", {}),
        ("/ventures/programmes/new/", "programmes:programme-create", {}),
        ("/ventures/programmes/7/", "programmes:programme-detail", {"pk": 7}),
        ("/ventures/programmes/7/edit/", "programmes:programme-update", {"pk": 7}),
        ("/ventures/programmes/7/participants/", "programmes:participant-list", {"programme_pk": 7}),
        (
            "/ventures/programmes/7/participants/import/template/",
            "programmes:participant-import-template",
            {"programme_pk": 7},
        ),
        ("/ventures/programmes/7/support/", "programmes:support-list", {"programme_pk": 7}),
        ("/ventures/programmes/trainings/3/", "programmes:training-detail", {"pk": 3}),
        ("/ventures/programmes/participants/5/", "programmes:participant-detail", {"pk": 5}),
        ("/ventures/programmes/participants/5/support/new/", "programmes:support-create", {"pk": 5}),
    ],
)
def test_old_programme_path_redirects_permanently_to_the_new_one(client, old, name, kwargs):
    response = client.get(old)

    assert response.status_code == 301
    assert response.headers["Location"] == reverse(name, kwargs=kwargs)


def test_old_path_keeps_the_query_string(client):
    response = client.get("/ventures/programmes/7/participants/?status=selected&page=2")

    assert response.headers["Location"] == "/programmes/7/participants/?status=selected&page=2"


def test_every_programme_page_has_its_old_path():
    assert [str(p.pattern) for p in old_urlpatterns] == [str(p.pattern) for p in urlpatterns]
    assert reverse("programmes:programme-list") == "/programmes/"
