"""The public page of migratory flows: aggregates only, small cells suppressed (no sign-in)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from corridor.flows.public import public_flows


def flows(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/flows.html", {"flows": public_flows()})
