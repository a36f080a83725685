"""Size of the simulator's image: total, the base it is built on, and the layers the Dockerfile adds.

    .venv/bin/python benchmarks/container_image.py

Builds the image first (cached layers make that quick after the first time). Needs a Docker engine
(`bash .ci/docker-setup.sh`)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.container.image import IMAGE_TAG, base_image, build_image, engine  # noqa: E402

MB = 1000 * 1000


def main() -> int:
    client, why = engine()
    if client is None:
        print(why)
        return 1
    image, build_seconds = build_image(client)
    base = client.images.get(base_image(client))
    size, base_size = int(image.attrs["Size"]), int(base.attrs["Size"])
    print(f"build {build_seconds:.1f} s (cached layers reused)")
    print(f"image {IMAGE_TAG}: {size / MB:.1f} MB; base {base_image(client)}: {base_size / MB:.1f} MB; added {(size - base_size) / MB:.1f} MB")
    for layer in image.history():
        if layer["Size"] > 0 and layer["Id"] != base.id:
            print(f"  {layer['Size'] / MB:8.2f} MB  {layer['CreatedBy'][:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
