# syntax=docker/dockerfile:1
# Build: docker build -t hw-mock .
# Run:   docker run --rm -p 127.0.0.1:8080:8080 hw-mock [--scenario scenarios/x.yaml] [--log-level info]
#        (published on loopback only: the admin API is open unless --admin-token is given)

# Node 22: the maintained LTS line (20 left maintenance in April 2026), and it has a compile cache (below).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY build.mjs tsconfig.json ./
COPY src ./src
COPY scenarios ./scenarios
# The command line only: one self-contained bundle (esbuild); the runtime stage needs no node_modules at all.
RUN node build.mjs --cli

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
# Where Node keeps the bundle's compiled code (dist/cli.js turns the cache on): filled once here, at
# build time, so that every container starts from it (~25 ms less per start). Node keeps a folder per
# user id: a container run as another user (`--user`) starts without it, as fast as without a cache.
ENV NODE_COMPILE_CACHE=/app/.node-compile-cache
WORKDIR /app
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node scenarios ./scenarios
RUN install -d -o node -g node "$NODE_COMPILE_CACHE"
USER node
RUN node dist/cli.js --version >/dev/null && find "$NODE_COMPILE_CACHE" -type f | grep -q .
EXPOSE 8080
# Plain HTTP, or HTTPS when started with --tls (its certificate is the mock's own: not checked here).
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "const u='/_mock/health';fetch('http://127.0.0.1:8080'+u).then((r)=>process.exit(r.ok?0:1),()=>require('node:https').get({host:'127.0.0.1',port:8080,path:u,rejectUnauthorized:false},(r)=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)))"]
# Inside the container the server must listen on every interface to be reachable.
ENTRYPOINT ["node", "dist/cli.js", "--host", "0.0.0.0", "--port", "8080"]
CMD []
