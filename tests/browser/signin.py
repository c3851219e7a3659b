"""Signing in through the real pages, enrolling two-factor the first time, as a person would."""

from __future__ import annotations

import base64
import time

from django_otp.oath import totp

from corridor.access.demo import DEMO_PASSWORD

# TOTP keys of the demo users enrolled during this test run (the server lives for the session).
SECRETS: dict[str, str] = {}


def code_for(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def sign_in(page, base: str, username: str) -> None:
    for _attempt in range(3):
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        if username in SECRETS:
            page.fill("#id_code", code_for(SECRETS[username]))
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        if "/accounts/two-factor/" in page.url:
            SECRETS[username] = page.locator(".secret").inner_text().strip()
            page.fill("#id_code", code_for(SECRETS[username]))
            page.locator("main button[type=submit]").click()
            page.wait_for_load_state()
        if "/home/" in page.url:
            return
        # A code is accepted once: the same user signing in again within 30 s waits for the next.
        time.sleep(31 - time.time() % 30)
    raise AssertionError(f"{username} could not sign in after 3 attempts: {page.url}")
