# Build: docker build -t latticelm:0.1.0 .
# Run:   docker run -p 8080:8080 -e OPENAI_API_KEY=sk-... latticelm:0.1.0 [--config /etc/latticelm/config.yaml]
# The base image is pinned to a Node release; pin its digest too for reproducible builds:
#   docker build --build-arg NODE_IMAGE=node:22.23.3-bookworm-slim@sha256:<digest> .
# Nothing else is pulled from a registry (no BuildKit frontend image): air-gapped builders only need the base.
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# sqlite3 compiles its native addon when no prebuilt binary can be fetched
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm ci runs the `prepare` script, which finds no sources yet and builds nothing; `npm run build` below does.
COPY scripts/build.mjs ./scripts/build.mjs
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# The tests are not copied, so none are compiled; the libraries' unit tests are compiled with them and removed.
RUN npm run build \
 && find dist \( -name '*.spec.js' -o -name '*.spec.js.map' \) -delete \
 && rm -f dist/*.tsbuildinfo
# Runtime dependencies only: no dev or optional (node-gyp) packages, no compiler leftovers, types or docs.
COPY deploy/docker/prune-runtime.mjs ./
RUN npm prune --omit=dev --omit=optional --no-audit --no-fund && node prune-runtime.mjs node_modules

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# V8 otherwise lets garbage grow toward the host's memory (bench/REPORT.md); size this to the container limit.
# A 32 MiB young generation: a request's short-lived objects die young instead of being promoted mid-request,
# which took about a tenth of the gateway's CPU per request in bench/REPORT.md.
ENV NODE_OPTIONS="--max-old-space-size=384 --max-semi-space-size=32"
WORKDIR /app
# The application is root-owned and read-only to the gateway; only data/ (SQLite) is its own.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY deploy/docker/healthcheck.js ./healthcheck.js
COPY config.example.yaml ./config.example.yaml
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# The node image's "node" user, by number so that runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
# Follows the port the running gateway resolved (--config, LATTICELM_SERVER__ADDRESS, PORT).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD ["node", "healthcheck.js"]
# An ENTRYPOINT, so that `docker run IMAGE --config FILE` and a Kubernetes `args:` reach the gateway, not node.
ENTRYPOINT ["node", "dist/apps/gateway/src/main.js"]
