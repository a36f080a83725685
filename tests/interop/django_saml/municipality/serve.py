"""Run the municipality's site as its own process (its own Django settings, apart from any other Django project
in the test run), configured the way its documentation says: DigiD and eHerkenning are configured in the admin.
This script does what an administrator does there, through the same models the admin edits:

1. a key pair in simple_certmanager (the municipality's PKIoverheid certificate; here a test certificate),
2. that certificate attached to the DigiD and eHerkenning configurations,
3. the configuration's fields, with `metadata_file_source` = the IdP's metadata URL (saving fetches it),

then serves the site on 127.0.0.1 and prints `READY <base URL>` on stdout.

    python serve.py --state-dir DIR --certs DIR [--digid-metadata URL] [--eherkenning JSON]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write("municipality: " + format % args + "\n")


def configure_certificate(certs: Path, stem: str):  # type: ignore[no-untyped-def]
    from django.core.files import File
    from simple_certmanager.constants import CertificateTypes
    from simple_certmanager.models import Certificate

    with (certs / f"{stem}.crt").open("rb") as crt, (certs / f"{stem}.key").open("rb") as key:
        return Certificate.objects.create(
            label=stem, type=CertificateTypes.key_pair, public_certificate=File(crt, f"{stem}.crt"), private_key=File(key, f"{stem}.key")
        )


def configure(base_url: str, certs: Path, digid_metadata: str | None, eherkenning: dict | None) -> None:  # type: ignore[type-arg]
    from digid_eherkenning.choices import ConfigTypes
    from digid_eherkenning.models import ConfigCertificate, DigidConfiguration, EherkenningConfiguration

    certificate = configure_certificate(certs, "test-sp-signing")
    if digid_metadata:
        ConfigCertificate.objects.create(config_type=ConfigTypes.digid, certificate=certificate)
        config = DigidConfiguration.get_solo()
        config.entity_id = f"{base_url}/digid"
        config.base_url = base_url
        config.service_name = "Gemeente Demodorp"
        config.service_description = "Mijn Demodorp"
        config.metadata_file_source = digid_metadata
        config.save()
    if eherkenning:
        ConfigCertificate.objects.create(config_type=ConfigTypes.eherkenning, certificate=certificate)
        config = EherkenningConfiguration.get_solo()
        config.base_url = base_url
        for name, value in eherkenning.items():
            setattr(config, name, value)
        config.save()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True, type=Path)
    parser.add_argument("--certs", required=True, type=Path)
    parser.add_argument("--digid-metadata")
    parser.add_argument("--eherkenning", type=json.loads, help="EherkenningConfiguration fields as JSON")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
    os.environ["MUNICIPALITY_STATE_DIR"] = str(args.state_dir)
    # Bound first: the base URL (in the SP's metadata and every ACS check) must name the real port.
    server = make_server("127.0.0.1", 0, lambda environ, start_response: [], handler_class=QuietHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0)
    configure(base_url, args.certs, args.digid_metadata, args.eherkenning)

    server.set_app(get_wsgi_application())
    print(f"READY {base_url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
