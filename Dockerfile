# The bot's own image. Two stages on one base: `build` makes the wheel and a venv offline
# from a wheelhouse fetched on the host (scripts/wheelhouse.py); the runtime stage is the
# base plus that venv and a non-root user. Plain Dockerfile syntax: the legacy builder
# and BuildKit both read it.
#
#   make image                      # offline: BASE_IMAGE=container-tutor/base-python:2
#   docker build -t container-tutor . --build-arg BASE_IMAGE=python:3.11-slim-bookworm
#
# Both bases are Debian bookworm with CPython 3.11, which the wheelhouse targets.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
LABEL container-tutor.stage=build
ARG WHEELS=dist/wheels
ENV PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_ROOT_USER_ACTION=ignore
# The runtime venv gets no pip: the build stage's pip installs into it with --python.
# Dependencies first, in a layer of their own, so a change to the code reuses it.
RUN python3 -m venv /opt/build && python3 -m venv --without-pip /opt/venv
COPY ${WHEELS}/ /wheels/
RUN find /wheels -name '*.whl' ! -name 'setuptools-*' ! -name 'wheel-*' -print0 \
    | xargs -0 /opt/build/bin/pip --python /opt/venv/bin/python install --no-deps
COPY pyproject.toml README.md /src/
COPY lessons/ /src/lessons/
# The browser terminal's xterm.js, installed from npm on the host by scripts/setup; the wheel
# carries it as data files, and its build fails if a file is missing.
COPY web/node_modules/@xterm/xterm/ /src/web/node_modules/@xterm/xterm/
COPY bot/ /src/bot/
RUN /opt/build/bin/pip wheel --find-links /wheels --no-deps --wheel-dir /dist /src \
 && /opt/build/bin/pip --python /opt/venv/bin/python install --no-deps /dist/*.whl \
 && /opt/build/bin/pip --python /opt/venv/bin/python check \
 && /opt/venv/bin/container-tutor --help >/dev/null \
 && /opt/venv/bin/python -c 'import bot.wiring, bot.slack.app, bot.slack.server, bot.web.mount' \
 && cd / && /opt/venv/bin/python -c 'from bot.web.assets import missing; assert not missing(), missing()'

FROM ${BASE_IMAGE}
LABEL container-tutor.stage=runtime org.opencontainers.image.title=container-tutor
# Pictures of a demo need cairo and a CJK font. The offline base has both (its package
# list, bot/sandbox/base_image.py), so this installs only on a base that lacks them.
RUN if ! { ldconfig -p | grep -q 'libcairo\.so\.2' \
           && [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; }; then \
      apt-get update && apt-get install -y --no-install-recommends libcairo2 fonts-wqy-microhei \
      && rm -rf /var/lib/apt/lists/*; \
    fi
# The group of the host's Docker socket, so the non-root user can use it when mounted.
# `make image` passes it; an image built elsewhere needs `--group-add <gid>` at run time.
ARG DOCKER_GID=""
ARG TUTOR_UID=10001
RUN groupadd --system --gid "${TUTOR_UID}" tutor \
 && useradd --system --uid "${TUTOR_UID}" --gid tutor --home-dir /home/tutor --create-home \
      --shell /usr/sbin/nologin tutor \
 && if [ -n "${DOCKER_GID}" ] && [ "${DOCKER_GID}" != 0 ]; then \
      getent group "${DOCKER_GID}" >/dev/null || groupadd --system --gid "${DOCKER_GID}" docker-host; \
      usermod --append --groups "$(getent group "${DOCKER_GID}" | cut -d: -f1)" tutor; \
    fi \
 && install -d -o tutor -g tutor -m 0750 /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PORT=3000 \
    DATABASE_URL=sqlite:////data/tutor.db
USER ${TUTOR_UID}
WORKDIR /home/tutor
EXPOSE 3000
# Healthy means ready: GET /readyz (engine, database and Slack answer) on PORT, or on
# HEALTH_PORT in Socket Mode; python's urllib, no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "bot.healthcheck"]
# SIGTERM starts the orderly shutdown, which ends within 10 s; compose.yaml waits 15 s
# (stop_grace_period) before SIGKILL, so `docker stop` there never cuts it short.
STOPSIGNAL SIGTERM
CMD ["container-tutor", "serve"]
