# The simulator as a service container (test only: every key in it is a published test key).
#
#   docker build -t machtigingen-simulator .
#   docker run --rm -p 8080:8080 machtigingen-simulator
#
# Configuration is by environment variables only (README.md, "Running as a container"). Mount points:
#   /scenarios   scenario files; /scenarios/default is the built-in default world (SIMULATOR_SCENARIO)
#   /certs       keys and certificates: the committed test PKI (SIMULATOR_CERTS_DIR)
# Port: 8080 (SIMULATOR_PORT), plain HTTP, or HTTPS when SIMULATOR_TLS_CERT/SIMULATOR_TLS_KEY are set.
#
# BASE_IMAGE: any Debian-based image with python3 >= 3.11 and the venv module (python:3.12-slim, or a local
# debootstrap image where no registry can be reached: .ci/docker-setup.sh). Only `python3` is used, never a
# fixed interpreter path, so both work.
ARG BASE_IMAGE=python:3.12-slim

# --- builder: a virtualenv with the simulator and its dependencies -------------------------------------------
FROM ${BASE_IMAGE} AS builder
# The builder host's package index (a CI mirror), used by pip in this stage only; nothing of it reaches the
# final image. Never pass credentials this way: build arguments are visible in the builder's history.
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ARG PIP_TRUSTED_HOST
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_DEFAULT_TIMEOUT=120
RUN python3 -m venv /opt/simulator
# Dependencies first, from pyproject.toml alone: this layer stays cached while the simulator's code changes.
# Behind a TLS-intercepting proxy, pip needs the proxy's CA: put a PEM bundle in .ci/cache/pip-ca.pem (the
# container tests copy the host's pip `cert` there). The pattern matches nothing when there is none.
COPY pyproject.toml .ci/cache/pip-ca.pe[m] /src/
RUN if [ -f /src/pip-ca.pem ]; then export PIP_CERT=/src/pip-ca.pem; fi \
    && python3 -c "import tomllib; print('\n'.join(tomllib.load(open('/src/pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /src/requirements.txt \
    && /opt/simulator/bin/pip install -r /src/requirements.txt "setuptools>=77" wheel
COPY README.md /src/
COPY simulator /src/simulator
# Compiled bytecode is part of the venv, so the non-root runtime user never compiles at startup. pip,
# setuptools and wheel are not needed at run time.
RUN /opt/simulator/bin/pip install --no-deps --no-build-isolation /src \
    && /opt/simulator/bin/pip uninstall -y -q setuptools wheel pip

# --- runtime ---------------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE}
# Every metadata instruction comes before the files: those layers stay cached across code changes, and on
# engines with copying storage (vfs) each step costs a copy of the whole file system, cheapest while it is small.
# No xmlsec1 binary: the simulator signs and encrypts with signxml and cryptography, not with pysaml2's xmlsec1
# backend (the container test's DDCC checks would fail if that changed).
RUN groupadd --system --gid 10001 simulator \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin simulator
ENV PATH=/opt/simulator/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SIMULATOR_SCENARIO=/scenarios/default \
    SIMULATOR_CERTS_DIR=/certs \
    SIMULATOR_HOST=0.0.0.0 \
    SIMULATOR_PORT=8080 \
    SIMULATOR_BASE_URL=http://localhost:8080
EXPOSE 8080
# No curl in the image: the probe is Python, reads the same SIMULATOR_* settings and speaks TLS when it is on.
HEALTHCHECK --interval=2s --timeout=3s --start-period=30s --retries=3 \
    CMD ["/opt/simulator/bin/python", "-m", "simulator.healthcheck"]
USER 10001:10001
# gunicorn is PID 1 (exec form): SIGTERM, the default stop signal, is its graceful shutdown, and it exits 0.
ENTRYPOINT ["/opt/simulator/bin/simulator", "serve"]
# Files last, the most often changed last. They belong to root: the simulator only reads them.
COPY certs /certs
COPY scenarios /scenarios
COPY --from=builder /opt/simulator /opt/simulator
