from django.apps import AppConfig


class RelyingPartyConfig(AppConfig):
    name = "tests.interop.django_oidc"
    label = "interop_rp"

    def ready(self) -> None:
        from . import plugins  # noqa: F401  (registers the OIDC plugins)
