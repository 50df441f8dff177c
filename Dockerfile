# syntax=docker/dockerfile:1
# One image for every ScalaCast role; the command picks it:
#   origin      node --import tsx origin/main.ts      (the default CMD; what `npm run start:origin` runs)
#   worker      node --import tsx workers/main.ts     (what `npm run start:worker` runs)
#   migrations  npm run migrate                       (one-shot)
# Build: docker build -t scalacast:local .
#
# The image runs the TypeScript sources through tsx's loader, as the test suite does
# (test/setup/scalacast-process.ts): what CI exercises is what ships, with no second build graph to drift,
# and the one-shot `npm run migrate` works from the same files. tsx is a runtime dependency, so
# `npm ci --omit=dev` keeps it. Processes start with `node` directly rather than `npm run`: one process per
# container instead of npm -> sh -> tsx -> node, and SIGTERM reaches the process that drains.

ARG NODE_IMAGE=node:20-bookworm-slim

# Production dependencies only: no TypeScript, linters, test runners or s3rver in the final image.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# ffmpeg/ffprobe for the workers (Debian's 5.1: libx264 and native AAC), tini as PID 1 to forward signals
# and reap children.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg tini \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    WORKER_METRICS_PORT=9091 \
    DATA_DIR=/var/lib/scalacast \
    TMP_DIR=/tmp/scalacast \
    NPM_CONFIG_CACHE=/tmp/.npm \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# Code and dependencies stay owned by root, read-only to the process; only DATA_DIR and /tmp are writable.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY manifests ./manifests
COPY packager ./packager
COPY origin ./origin
COPY workers ./workers
RUN mkdir -p /var/lib/scalacast /tmp/scalacast \
    && chown 1000:1000 /var/lib/scalacast /tmp/scalacast

# The base image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080 9091

# Liveness of either role: the origin answers /healthz on PORT, a worker on WORKER_METRICS_PORT.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "const ports = [process.env.PORT || 8080, process.env.WORKER_METRICS_PORT || 9091]; Promise.any(ports.map((port) => fetch('http://127.0.0.1:' + port + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => { if (!r.ok) throw new Error(String(r.status)); }))).then(() => process.exit(0), () => process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "origin/main.ts"]
