"""Loaded with `-p tests.pytest_env` before Django starts: the few settings tests must override.

Tests run with DEBUG off, as production does; only what plain HTTP on localhost needs is relaxed.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-for-the-corridor-test-suite-only-0123456789")
# Document keys of the test suite only (production sets its own: deploy check registry.E001).
os.environ.setdefault("DOCUMENT_ENCRYPTION_KEYS", "x1msJxYg2oiXAckdkkU5_eyqBruckAR_9fo0AGYPBmA=")
os.environ.setdefault("DOCUMENT_HASH_KEY", "test-document-hash-key-for-the-test-suite-only-0123")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "true")
os.environ["DEBUG"] = "false"
# The public IATI file is rebuilt on every request in tests (one test keeps it, in its own
# directory): a file kept by one test must not answer another's.
os.environ.setdefault("IATI_CACHE_SECONDS", "0")
# Compiled catalogues and collected static files are not needed for the manifest in tests.
os.environ.setdefault("STATIC_MANIFEST", "false")
