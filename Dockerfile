# syntax=docker/dockerfile:1
# Build: compile TypeScript with the dev dependencies.
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY sim ./sim
RUN npm run build

# Runtime: production dependencies and the compiled code only, as a non-root user.
FROM node:26-slim
ENV NODE_ENV=production LOG_DIR=/app/logs WORKSYNC_DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY src/store/migrations ./src/store/migrations
RUN mkdir -p /app/logs /app/data && chown -R node:node /app/logs /app/data
USER node
# Health and metrics endpoint (set WORKSYNC_HTTP_PORT to enable it).
EXPOSE 9464
# Exec form, no shell (the bin's shebang runs node with its heap limit): SIGTERM reaches worksync directly (first signal: finish the page and stop; second: now).
ENTRYPOINT ["/app/bin/worksync.js"]
CMD ["run"]
