"""The demo portal's settings (SIMULATOR_PORTAL_*): who the portal is as a DDCC service provider and how it
reaches the simulator's interfaces over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config, ConfigError

DEFAULT_ENTITY_ID = "urn:nl-eid-gdi:1.0:DV:00000099000000009100:entities:9100"
DEFAULT_OIN = "00000099000000009100"
# The portal as an eHerkenning dienstverlener (DV), under the same OIN.
DEFAULT_EHERKENNING_ENTITY_ID = "urn:etoegang:DV:00000099000000009100:entities:0001"


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise ConfigError(f"SIMULATOR_PORTAL_TIMEOUT={value!r}: expected a positive number of seconds")
    return seconds


@dataclass(frozen=True)
class PortalSettings:
    entity_id: str
    oin: str
    eherkenning_entity_id: str
    # The public base URL (the browser's view): the ACS is built from it.
    public_url: str
    # Where the portal itself calls the simulator (DDCC metadata and artifact resolution, BRP, Toezicht).
    backend_url: str
    signing_key: Path
    signing_cert: Path
    encryption_key: Path
    encryption_cert: Path
    # Trust anchor for the IdP metadata's signing certificate and for https.
    ca_cert: Path
    # Client certificate the portal presents on https (the back channel is mutual TLS in production).
    client_cert: Path
    client_key: Path
    brp_client_id: str | None
    brp_client_secret: str | None
    # The portal as a client of the simulator's OpenID Provider ("Inloggen via OIDC").
    oidc_client_id: str
    oidc_client_secret: str
    timeout: float

    @classmethod
    def from_config(cls, config: Config) -> "PortalSettings":
        certs = config.certs_dir

        def path(name: str, default: str) -> Path:
            return Path(config.setting(name) or certs / default)

        return cls(
            entity_id=config.setting("PORTAL_ENTITY_ID", DEFAULT_ENTITY_ID),  # type: ignore[arg-type]
            oin=config.setting("PORTAL_OIN", DEFAULT_OIN),  # type: ignore[arg-type]
            eherkenning_entity_id=config.setting("PORTAL_EHERKENNING_ENTITY_ID", DEFAULT_EHERKENNING_ENTITY_ID),  # type: ignore[arg-type]
            public_url=config.base_url.rstrip("/"),
            # In a namespace the portal calls that namespace's interfaces (base_url carries /t/<name> already).
            backend_url=(config.setting("PORTAL_BACKEND_URL", "").rstrip("/") + config.path_prefix) if config.setting("PORTAL_BACKEND_URL") else config.base_url,
            signing_key=path("PORTAL_SIGNING_KEY", "demo-sp-signing.key"),
            signing_cert=path("PORTAL_SIGNING_CERT", "demo-sp-signing.crt"),
            encryption_key=path("PORTAL_ENCRYPTION_KEY", "demo-sp-encryption.key"),
            encryption_cert=path("PORTAL_ENCRYPTION_CERT", "demo-sp-encryption.crt"),
            ca_cert=path("PORTAL_CA_CERT", "ca.crt"),
            client_cert=path("PORTAL_CLIENT_CERT", "client-gemeente-demodorp.crt"),
            client_key=path("PORTAL_CLIENT_KEY", "client-gemeente-demodorp.key"),
            brp_client_id=config.setting("PORTAL_BRP_CLIENT_ID"),
            brp_client_secret=config.setting("PORTAL_BRP_CLIENT_SECRET"),
            oidc_client_id=config.setting("PORTAL_OIDC_CLIENT_ID", "gemeente-demodorp-portal"),  # type: ignore[arg-type]
            oidc_client_secret=config.setting("PORTAL_OIDC_CLIENT_SECRET", "gemeente-demodorp-portal-secret"),  # type: ignore[arg-type]
            timeout=_seconds(config.setting("PORTAL_TIMEOUT", "10")),  # type: ignore[arg-type]
        )

    @property
    def acs_url(self) -> str:
        return f"{self.public_url}/portal/acs"

    @property
    def eherkenning_acs_url(self) -> str:
        return f"{self.public_url}/portal/eherkenning/acs"
