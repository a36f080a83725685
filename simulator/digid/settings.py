"""The classic DigiD door's settings (SIMULATOR_DIGID_*), read once when the blueprint is made, and its entity."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config, ConfigError

PATH = "/saml/digid"
DAY = 24 * 3600  # seconds: the upper bound of the deadline and clock-skew settings


def _bool(config: Config, name: str) -> bool:
    value = (config.setting(name) or "false").strip().lower()
    if value not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise ConfigError(f"SIMULATOR_{name}={value!r}: expected true or false")
    return value in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class DigidSettings:
    base_url: str
    # Seconds between the artifact redirect and the latest accepted ArtifactResolve.
    artifact_deadline: int = 60
    # Seconds an IssueInstant may lie in the future (clock skew between SP and simulator).
    clock_skew: int = 30
    # Largest accepted SAML message (decoded), in bytes.
    max_message_bytes: int = 256 * 1024
    # Seconds an IssueInstant may lie in the past.
    message_age: int = 300
    # Refuse what production is known to tolerate (named warnings otherwise; see saml.messages.Deviations).
    strict: bool = False

    @classmethod
    def from_config(cls, config: Config) -> "DigidSettings":
        return cls(
            base_url=config.base_url.rstrip("/"),
            artifact_deadline=config.int_setting("DIGID_ARTIFACT_DEADLINE", 60, 1, DAY),
            clock_skew=config.int_setting("DIGID_CLOCK_SKEW", 30, 1, DAY),
            max_message_bytes=config.int_setting("DIGID_MAX_MESSAGE_BYTES", 256 * 1024, 1, 32 * 1024 * 1024),
            message_age=config.int_setting("DIGID_MESSAGE_AGE", 300, 1, DAY),
            strict=_bool(config, "DIGID_STRICT"),
        )

    @property
    def entity_id(self) -> str:
        # Real DigiD's entity ID is its metadata URL (https://was-preprod1.digid.nl/saml/idp/metadata).
        return self.url("metadata")

    def url(self, endpoint: str) -> str:
        return f"{self.base_url}{PATH}/{endpoint}"
