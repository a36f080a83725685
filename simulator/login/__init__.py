"""The login pages every door shows (SAML or OIDC): persona/BSN and level, the test outcome, cancel, and the
machtigen step fed by the representation index. See `pages` for the interface a door implements."""

from .directives import directed_choice
from .pages import NO_REPRESENTATION, Choice, LoginDoor, LoginHint, PendingLogin, read_hint, register_pages
from .persons import can_log_in

__all__ = ["NO_REPRESENTATION", "Choice", "LoginDoor", "LoginHint", "PendingLogin", "can_log_in", "directed_choice", "read_hint", "register_pages"]
