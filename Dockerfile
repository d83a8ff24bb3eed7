# lotgraph API server. Build: docker build -t lotgraph .   Run with Neo4j: docker compose up (docs/docker.md)
FROM node:20-slim

WORKDIR /app
ENV NODE_ENV=production

# Dependencies first, so a source change does not reinstall them. tsx runs the TypeScript directly.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# Listen on all interfaces inside the container; the DuckDB file (embedded store, ingest log,
# analytics) lives on the /data volume.
ENV HOST=0.0.0.0 \
    PORT=8080 \
    LOTGRAPH_DATA=/data
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080

# node:20-slim has neither curl nor wget: ask /health with Node's fetch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "bin/lotgraph.js", "serve"]
