"""The settings every SAML door reads the same way (SIMULATOR_<DOOR>_*): deadlines, bounds and strict mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from ..config import Config, ConfigError

DAY = 24 * 3600  # seconds: the upper bound of the deadline and clock-skew settings
S = TypeVar("S", bound="DoorSettings")


def bool_setting(config: Config, name: str, default: bool = False) -> bool:
    value = config.setting(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise ConfigError(f"SIMULATOR_{name}={value!r}: expected true or false")
    return lowered in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class DoorSettings:
    base_url: str
    # Seconds between the artifact redirect and the latest accepted ArtifactResolve.
    artifact_deadline: int = 60
    # Seconds an IssueInstant may lie in the future (clock skew between SP and simulator).
    clock_skew: int = 30
    # Seconds an IssueInstant may lie in the past.
    message_age: int = 300
    # Largest accepted SAML message (decoded), in bytes.
    max_message_bytes: int = 256 * 1024
    # Refuse what production is known to tolerate (named warnings otherwise; see saml.messages.Deviations).
    strict: bool = False

    @classmethod
    def from_config(cls: type[S], config: Config, prefix: str) -> S:
        return cls(
            base_url=config.base_url.rstrip("/"),
            artifact_deadline=config.int_setting(f"{prefix}_ARTIFACT_DEADLINE", 60, 1, DAY),
            clock_skew=config.int_setting(f"{prefix}_CLOCK_SKEW", 30, 1, DAY),
            message_age=config.int_setting(f"{prefix}_MESSAGE_AGE", 300, 1, DAY),
            # No more than the app accepts as a request body at all.
            max_message_bytes=config.int_setting(f"{prefix}_MAX_MESSAGE_BYTES", 256 * 1024, 1, 32 * 1024 * 1024),
            strict=bool_setting(config, f"{prefix}_STRICT"),
        )
