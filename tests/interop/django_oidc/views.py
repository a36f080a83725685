from django.http import HttpRequest, HttpResponse, JsonResponse
from mozilla_django_oidc_db.views import OIDCAuthenticationRequestInitView


def start(request: HttpRequest, identifier: str) -> HttpResponse:
    """The login button of a form: the init view of the plugin's OIDC client, returning to /whoami/."""
    init = OIDCAuthenticationRequestInitView.as_view(identifier=identifier, allow_next_from_query=False)
    return init(request, return_url="/whoami/")


def whoami(request: HttpRequest) -> JsonResponse:
    """What the form would know about the visitor: the processed claims each plugin kept in the session."""
    return JsonResponse({k: v for k, v in request.session.items() if k.endswith("-oidc")})
