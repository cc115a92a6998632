# blast-radius: a multi-stage image. UNTESTED here (no Docker on the build machine): every
# step is a command the test suite runs outside Docker (scripts/check-production.sh does the
# same npm ci --omit=dev, then npm start, then GET /healthz).

# --- build: all dependencies, then the compiled server/CLI/schemas and the web UI in dist/ ---
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and the build only, run as a non-root user ---
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
# the demo graph (seeded into an empty store when BLAST_RADIUS_DEMO=1)
COPY fixtures/demo ./fixtures/demo
# the playbook the server loads at start (server/playbook/paths.ts: next to package.json): the
# regimes file (replaceable with BLAST_RADIUS_REGIMES) and the per-audience draft templates;
# without them the server refuses to start
COPY regimes ./regimes
COPY playbook ./playbook

# The embedded store writes to /data; the image's `node` user (uid 1000) owns it.
RUN mkdir -p /data && chown node:node /data
USER node
ENV PORT=7700 \
    HOST=0.0.0.0 \
    BLAST_RADIUS_DATA=/data \
    BLAST_RADIUS_DEMO=0 \
    BLAST_RADIUS_AUTH=token \
    BLAST_RADIUS_TOKENS=/run/secrets/blast-radius-tokens.yaml
# Listening beyond loopback needs authentication (CONTRACT.md §9): the server refuses to
# start with BLAST_RADIUS_AUTH=none on 0.0.0.0. Mount a tokens file at BLAST_RADIUS_TOKENS
# (YAML `tokens: [{name, sha256, roles}]`), or set BLAST_RADIUS_AUTH=oidc with
# BLAST_RADIUS_OIDC_ISSUER and BLAST_RADIUS_OIDC_AUDIENCE. Set BLAST_RADIUS_ALLOWED_HOSTS to
# the host names clients use.
VOLUME ["/data"]
EXPOSE 7700
# /healthz needs no credentials; node:20-slim has no curl, so node's fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 7700) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start` would run the prestart check first; the image is built, so run the server directly.
CMD ["node", "dist/server/cli/main.js", "serve"]
