"""The library's URLs (`digid_eherkenning.urls`: digid/, eherkenning/, metadata/) and the pages the site's own
users land on after logging in or out."""

from django.contrib.messages import get_messages
from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def whoami(request: HttpRequest) -> JsonResponse:
    """What the library's backend put into the session: the user and what identifies them."""
    user = request.user
    return JsonResponse(
        {
            "authenticated": user.is_authenticated,
            "bsn": getattr(user, "bsn", "") or None,
            "rsin": getattr(user, "rsin", "") or None,
            "backend": request.session.get("_auth_user_backend"),
            "eherkenning": request.session.get("eherkenning"),
        }
    )


def landing(request: HttpRequest) -> JsonResponse:
    """LOGIN_URL and LOGOUT_REDIRECT_URL: the messages the library left for the user."""
    return JsonResponse({"authenticated": request.user.is_authenticated, "messages": [str(m) for m in get_messages(request)]})


urlpatterns = [
    path("", include("digid_eherkenning.urls")),
    path("whoami/", whoami),
    path("login-failed/", landing),
    path("logged-out/", landing),
]
