"""Small input files for the tests."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

COUNT_HEADER = "date,point,direction,nationality,sex,age_group,mode,reason,origin,destination,count"


def day(n: int) -> str:
    """n days ago, as the files write dates."""
    return (dt.date.today() - dt.timedelta(days=n)).isoformat()


def counts_csv(rows: list[tuple]) -> bytes:
    lines = [COUNT_HEADER] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def count_row(point="JO-P1", days_ago=3, nationality="SYR", sex="female", age="18-59", count=40,
              origin="SY02", destination="JO22", direction="in", reason="conflict"):
    return (day(days_ago), point, direction, nationality, sex, age, "bus", reason, origin, destination, count)


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def publish_drafts(reviewer) -> None:
    """Publish every import waiting for review, oldest first, as `reviewer` (ADR 0032)."""
    from corridor.flows.models import ImportBatch, PublicationStatus
    from corridor.flows.publication import import_publish

    for batch in ImportBatch.objects.filter(status=PublicationStatus.DRAFT).order_by("created_at", "id"):
        import_publish(actor=reviewer, batch_id=batch.pk)
