# lotgraph API server. Build: docker build -t lotgraph .   Run with Neo4j: docker compose up (docs/docker.md)
# The last stage is the API server (the default target); the two before it build the Neo4j plugin
# (lotgraph.trace, graph/neo4j/server/README.md) for docker-compose.yml's neo4j service.

# Plugin jar: compiled against the Neo4j version in pom.xml (Maven downloads it once per build cache).
FROM maven:3.9-eclipse-temurin-17 AS neo4j-plugin-build
WORKDIR /build
COPY graph/neo4j/server/pom.xml ./
COPY graph/neo4j/server/src ./src
RUN mvn -q -B package && cp target/plugins/lotgraph-neo4j-plugin.jar /lotgraph-neo4j-plugin.jar

# A tiny image that copies the jar into the volume mounted at /plugins, then exits.
FROM busybox:1.36 AS neo4j-plugin
COPY --from=neo4j-plugin-build /lotgraph-neo4j-plugin.jar /dist/lotgraph-neo4j-plugin.jar
CMD ["cp", "/dist/lotgraph-neo4j-plugin.jar", "/plugins/lotgraph-neo4j-plugin.jar"]

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

CMD ["node", "--max-semi-space-size=64", "bin/lotgraph.js", "serve"]
