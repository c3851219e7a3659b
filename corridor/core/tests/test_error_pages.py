"""Error pages: the site's own, translated, with the page's language, and the right status."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_404_in_french_by_accept_language():
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    text = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in text
    assert "Page introuvable" in text and "Page not found" not in text
    # The site's page (its header and stylesheet), not Django's bare one.
    assert 'class="brand"' in text and "corridor.css" in text


def test_404_in_spanish_by_the_language_cookie():
    client = Client()
    client.cookies["corridor_language"] = "es"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert '<html lang="es" dir="ltr">' in text and "Página no encontrada" in text


def test_404_of_a_view_for_a_signed_in_user_keeps_the_site_header(cast, client_for):
    # A view's Http404 (a case out of scope) gets the same page, with the user's menu.
    client = client_for(cast["case_worker"])
    client.cookies["corridor_language"] = "fr"
    response = client.get("/cases/999999/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Page introuvable" in text
    assert 'href="/home/">' in text and "case_worker_a" in text


def _request(path="/somewhere/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_403_handler_renders_the_translated_page():
    with translation.override("fr"):
        response = defaults.permission_denied(_request(), PermissionDenied("secret detail"))
    assert response.status_code == 403
    text = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in text and "Accès refusé" in text
    assert "secret detail" not in text


def test_400_handler_renders_the_translated_page():
    with translation.override("es"):
        response = defaults.bad_request(_request(), SuspiciousOperation("bad"))
    assert response.status_code == 400
    text = response.content.decode()
    assert '<html lang="es" dir="ltr">' in text and "Solicitud incorrecta" in text


def test_500_page_needs_no_request_nor_database(django_assert_num_queries):
    # server_error renders with no context and no request; the page must not touch the database.
    with translation.override("fr"), django_assert_num_queries(0):
        response = defaults.server_error(_request())
    assert response.status_code == 500
    text = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in text and "Erreur du serveur" in text


def test_a_refused_form_says_so_in_the_visitors_language():
    # A form sent without its CSRF token (an expired or forged page): the site's page, in French.
    client = Client(enforce_csrf_checks=True)
    client.cookies["corridor_language"] = "fr"
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in text and 'class="brand"' in text
    assert "Forbidden" not in text and "CSRF" not in text


@pytest.mark.urls("corridor.core.tests.refusal_urls")
def test_a_service_refusal_a_view_let_escape_is_a_404_or_403_page_not_a_500():
    client = Client(raise_request_exception=False)
    absent = client.get("/refusal/absent/", HTTP_ACCEPT_LANGUAGE="fr")
    assert absent.status_code == 404 and "Page introuvable" in absent.content.decode()
    assert client.get("/refusal/refused/").status_code == 403
