# MIST in one container, on its embedded defaults (PGlite, local files, embedded jobs).
# The steps mirror what .ci/run proves on Debian: npm ci, the standalone build, ffmpeg from apt.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# npm scripts beside the server, e.g. `npm run storage:setup` (docker-compose.yml runs it once):
# all of node_modules and the sources, no build. BuildKit builds it only when asked for
# (--target tools); `docker build .` still ends at the server image below.
FROM node:24-bookworm-slim AS tools
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
CMD ["npm", "run", "storage:setup"]

FROM node:24-bookworm-slim AS run
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    MIST_DATA_DIR=/data \
    NODE_OPTIONS=--max-old-space-size=384 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_TRIM_THRESHOLD_=131072
# The standalone output carries its own node_modules, migrations, static files and public/.
COPY --from=build --chown=node:node /app/.next/standalone ./
# The entry npm start uses too: the key route answered before Next's router, and the client
# address decided from the socket and MIST_TRUST_PROXY (see the files).
COPY --from=build --chown=node:node /app/scripts/lib/server-entry.mjs /app/scripts/lib/client-address.mjs ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server-entry.mjs", "server.js"]
