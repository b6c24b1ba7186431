# syntax=docker/dockerfile:1
# Build: docker build -t latticelm:latest .   Run: docker run -p 8080:8080 -e OPENAI_API_KEY=... latticelm:latest
FROM node:22-bookworm-slim AS build
WORKDIR /app
# sqlite3 compiles its native addon when no prebuilt binary can be fetched
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY test ./test
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
# V8 otherwise lets garbage grow toward the host's memory (bench/REPORT.md); size this to the container limit.
ENV NODE_OPTIONS=--max-old-space-size=384
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/libs/api/openapi ./libs/api/openapi
COPY --chown=node:node config.example.yaml ./config.example.yaml
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/apps/gateway/src/main.js"]
