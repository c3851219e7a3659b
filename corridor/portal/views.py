"""The public portal: no sign-in, and nothing personal (it imports no app that holds such data)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")
