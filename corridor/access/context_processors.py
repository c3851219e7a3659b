from django.http import HttpRequest

from corridor.access.navigation import entries_for


def navigation(request: HttpRequest) -> dict:
    return {"navigation": entries_for(request.user)}
