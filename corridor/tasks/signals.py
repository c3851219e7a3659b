"""Sent by `corridor_worker` when it starts, before it takes a task: apps whose work keeps its own
state (deduplication runs) connect their recovery of work a stopped worker left half done."""

from django.dispatch import Signal

worker_starting = Signal()
