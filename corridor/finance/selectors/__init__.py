"""Reads of the finance app: the ledger (ledger.py) and assessed contributions
(contributions.py)."""
