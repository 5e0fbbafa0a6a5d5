# FI for Inclusion: one image for the server and the command line (node dist/cli/main.js).
# The first stage compiles the TypeScript sources (npm run build); the image runs the compiled
# JavaScript with production dependencies only.
# Built on the current Node LTS (Node 24; Node 20 reached end of life in April 2026). The code and
# tests also run on Node 20.19+, the version CI runs (README, "Run it").
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY views ./views
COPY seed ./seed

# The embedded store lives in DATA_DIR (unused when MONGODB_URI is set).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is PID 1 (not npm), so SIGTERM reaches the app's graceful shutdown.
CMD ["node", "dist/main.js"]
