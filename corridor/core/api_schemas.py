"""The API's error bodies, one definition for every app (config/api.py produces them)."""

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class ConflictOut(Schema):
    detail: str
    current_version: int


class ProblemOut(Schema):
    field: str
    message: str
    where: str = ""
    row: str = ""


class InvalidOut(Schema):
    detail: str
    problems: list[ProblemOut]
