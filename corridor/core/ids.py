"""`DbId`: how the API takes a record's id, so that no number reaches the database too big for it.

Django answers "no match" for an out-of-range `pk=`, but a foreign-key filter (`office_id=2**64`)
or an `__in` list sends the number as is, and SQLite/PostgreSQL fail with a 500.
"""

from typing import Annotated

from pydantic import Field

MAX_DB_ID = 2**63 - 1  # a BigAutoField's highest value

DbId = Annotated[int, Field(ge=1, le=MAX_DB_ID)]
