# syntax=docker/dockerfile:1
# One image for every Node service (default target `runtime`) plus the console (target `console`).
#   docker build -t jh-platform .                  # services: node dist/apps/<name>/main.js
#   docker build --target console -t jh-console .  # console: nginx serving dist/apps/console
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- all dependencies (dev included), cached on the lockfile alone ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ---- build every app into dist/apps/<name>/main.js (esbuild; npm packages stay external) ----
FROM deps AS build
COPY . .
RUN npm run build

# ---- console bundle (skipped when `npm run build` already produced it) ----
FROM build AS console-build
RUN test -f dist/apps/console/index.html || npx vite build --config apps/console/vite.config.mjs

# ---- console: static files + /api/<service> reverse proxy ----
FROM nginx:alpine AS console
COPY apps/console/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=console-build /app/dist/apps/console /usr/share/nginx/html
EXPOSE 80

# ---- production dependencies only (the bundles import npm packages at run time) ----
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime (default target): non-root, read-only app files ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Files stay owned by root: the service user can read them but not change them.
USER node
# docker-compose.yml sets the command per service; this default only documents the shape.
CMD ["node", "dist/apps/intake/main.js"]
