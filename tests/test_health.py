from django.test import Client


def test_it_answers_healthz() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_it_serves_the_home_page() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert b"ACR private endpoint planner" in response.content
