"""Headers every page carries: a strict Content-Security-Policy, no framing, no sniffing."""

import logging

from corridor.core.logging import RedactPersonalDataFilter


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_load_nothing_from_other_origins(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body


def test_logs_drop_query_strings_which_carry_searched_names():
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1,
                               '"%s" %s %s', ("GET /people/?q=Amina+Diallo HTTP/1.1", 200, 10),
                               None)
    RedactPersonalDataFilter().filter(record)
    assert "Amina" not in record.getMessage()
    assert "/people/?…" in record.getMessage()


def test_nothing_personal_reaches_the_logs(org, cast, client_for, caplog):
    from django.test import Client

    from corridor.registry.tests.factories import PersonFactory

    PersonFactory(office=org.country_a, given_name="Zeynepsecret")
    with caplog.at_level(logging.DEBUG):
        Client().post("/accounts/login/", {"username": "case_worker_a",
                                           "password": "hunter2-the-password"})
        client = client_for(cast["case_worker"])
        client.get("/people/", {"q": "Zeynepsecret"})
        client.get("/people/999999/?q=Zeynepsecret")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "hunter2" not in text and "Zeynepsecret" not in text
    assert "Not Found" in text  # the 404 was logged, without its query string
