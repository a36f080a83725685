from django.urls import path
from mozilla_django_oidc_db.views import OIDCCallbackView

from . import views

urlpatterns = [
    path("auth/oidc/callback/", OIDCCallbackView.as_view(), name="oidc_authentication_callback"),
    path("start/<str:identifier>/", views.start, name="start"),
    path("whoami/", views.whoami, name="whoami"),
]
