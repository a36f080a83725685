"""DDCC's own settings (SIMULATOR_DDCC_*), read once when the blueprint is made.

The profile picks defaults for the response-side differences between DigiD's DDCC entrance and the ST-SAML
routeringsdienst (RD); each difference can also be switched on its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..config import Config, ConfigError

Profile = Literal["ddcc", "rd"]
Variance = Literal["none", "production"]

# The simulator's own eID entities live in the 9000-9999 test range under the OIN of its test certificates.
SIMULATOR_OIN = "00000099000000009000"
ROLE_BY_PROFILE = {"ddcc": "TD", "rd": "RD"}
ENTRANCE_PATH = "/saml/v4/entrance"
DAY = 24 * 3600  # seconds: the upper bound of the deadline and clock-skew settings


def _bool(config: Config, name: str, default: bool) -> bool:
    value = config.setting(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"SIMULATOR_{name}={value!r}: expected true or false")


def _choice(config: Config, name: str, default: str, choices: tuple[str, ...]) -> str:
    value = (config.setting(name) or default).strip().lower()
    if value not in choices:
        raise ConfigError(f"SIMULATOR_{name}={value!r}: expected one of {', '.join(choices)}")
    return value


@dataclass(frozen=True)
class DdccSettings:
    base_url: str
    profile: Profile = "ddcc"
    # ST-SAML wants every DV in the Audience as well as the connection; DigiD's DDCC names the connection only.
    audience_includes_dv: bool = False
    # Which key signs the LogoutResponse: production DigiD uses the AD key (a quirk), the RD its own.
    logout_signing_key: Literal["ad", "entrance"] = "ad"
    # Refuse what production is known to tolerate (SOAP 1.2, ArtifactResolve Destination = the SSO URL); when
    # False those are accepted with a named warning.
    strict: bool = False
    # DigiD checks a requested AssertionConsumerServiceURL against the SP metadata; False accepts an unregistered
    # http(s) URL with a warning (for test setups with changing ACS URLs; production would refuse it).
    strict_acs: bool = True
    # Seconds between the artifact redirect and the latest accepted ArtifactResolve.
    artifact_deadline: int = 60
    # Emit simulator-specific RepresentationType URNs for curatele/bewind/mentorschap (no published URN exists).
    representation_type_urns: bool = True
    # Seconds an IssueInstant may lie in the future (clock skew between SP and simulator).
    clock_skew: int = 30
    # Seconds an IssueInstant may lie in the past; request IDs are remembered (replay guard) this long.
    message_age: int = 300
    # "production": answers vary the way real DigiD/RD messages legitimately do (simulator.outcomes.VARIATIONS).
    variance: Variance = "none"
    # Largest accepted SAML message (decoded), in bytes.
    max_message_bytes: int = 256 * 1024

    @classmethod
    def from_config(cls, config: Config) -> "DdccSettings":
        profile = _choice(config, "DDCC_PROFILE", "ddcc", ("ddcc", "rd"))
        rd = profile == "rd"
        return cls(
            base_url=config.base_url.rstrip("/"),
            profile=profile,  # type: ignore[arg-type]
            audience_includes_dv=_bool(config, "DDCC_AUDIENCE_INCLUDES_DV", rd),
            logout_signing_key=_choice(config, "DDCC_LOGOUT_SIGNING_KEY", "entrance" if rd else "ad", ("ad", "entrance")),  # type: ignore[arg-type]
            strict=_bool(config, "DDCC_STRICT", False),
            strict_acs=_bool(config, "DDCC_STRICT_ACS", True),
            artifact_deadline=config.int_setting("DDCC_ARTIFACT_DEADLINE", 60, 1, DAY),
            representation_type_urns=_bool(config, "DDCC_REPRESENTATION_TYPE_URNS", True),
            clock_skew=config.int_setting("DDCC_CLOCK_SKEW", 30, 1, DAY),
            message_age=config.int_setting("DDCC_MESSAGE_AGE", 300, 1, DAY),
            variance=_choice(config, "DDCC_VARIANCE", "none", ("none", "production")),  # type: ignore[arg-type]
            # No more than the app accepts as a request body at all.
            max_message_bytes=config.int_setting("DDCC_MAX_MESSAGE_BYTES", 256 * 1024, 1, 32 * 1024 * 1024),
        )

    # -- the simulator's entities ---------------------------------------------------------------------------

    @property
    def entrance_entity_id(self) -> str:
        return f"urn:nl-eid-gdi:1.0:{ROLE_BY_PROFILE[self.profile]}:{SIMULATOR_OIN}:entities:9000"

    @property
    def ad_entity_id(self) -> str:
        return f"urn:nl-eid-gdi:1.0:AD:{SIMULATOR_OIN}:entities:9001"

    @property
    def bvd_entity_id(self) -> str:
        return f"urn:nl-eid-gdi:1.0:BVD:{SIMULATOR_OIN}:entities:9002"

    entrance_path = ENTRANCE_PATH

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"
