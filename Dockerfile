# syntax=docker/dockerfile:1
# One image for every shelfstream service and one-shot command:
#   docker run IMAGE services/<svc>/dist/main.js [args]      (ENTRYPOINT is node)
#   docker run IMAGE packages/db/dist/cli.js migrate
# Stages: deps (pnpm fetch from the lockfile only: cached until it changes) -> build (tsc) ->
# prod (production node_modules only, sources and tests removed) -> runtime (slim, non-root).
# Debian slim, not Alpine: onnxruntime-node and sharp ship glibc binaries.

ARG NODE_VERSION=20.18.1

FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN corepack enable
WORKDIR /app

FROM base AS deps
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# The lockfile names a patch of kafkajs (patches/): pnpm reads it to check its hash.
COPY patches ./patches
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm fetch

FROM deps AS build
COPY . .
RUN --mount=type=cache,id=pnpm,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile \
 && pnpm run build

FROM build AS prod
# Keep dist/ and package.json (exports point at dist/); drop dev dependencies, sources and tests.
# deploy/validate/prod-layout.sh repeats this stage and the runtime COPYs without Docker (CI): it expects this
# exact find line and reads the COPY --from=prod paths, so change it with them.
RUN --mount=type=cache,id=pnpm,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --prod \
 && find packages services apps -mindepth 2 -maxdepth 2 \( -name src -o -name test -o -name '*.tsbuildinfo' \) \
      -exec rm -rf {} + \
 && rm -rf test deploy/validate helm .ci

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_PORT=9464 \
    UV_THREADPOOL_SIZE=4
WORKDIR /app
COPY --from=prod --chown=root:root /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=prod --chown=root:root /app/node_modules ./node_modules
COPY --from=prod --chown=root:root /app/packages ./packages
COPY --from=prod --chown=root:root /app/services ./services
COPY --from=prod --chown=root:root /app/apps ./apps
COPY --from=prod --chown=root:root /app/schemas ./schemas
# The bundled detector (ONNX, labels, model card) for the edge tier.
COPY --from=prod --chown=root:root /app/models ./models
# Files are root-owned and read-only to the service user; the root filesystem can be mounted
# read-only (writes go to /tmp and the blob store).
USER node
EXPOSE 9464 8080
ENTRYPOINT ["node"]
CMD ["services/ingestion/dist/main.js"]
