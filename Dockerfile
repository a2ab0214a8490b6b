# The Node bot over Lark's long connection: only outbound internet, its database on /data.
#   docker build -t tally-bot .
#   docker run -d --name tally-bot --restart unless-stopped --env-file .env -v tally-data:/data tally-bot
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    DATABASE_URL=file:/data/tally.db \
    HOST=0.0.0.0 \
    PORT=8787
COPY package.json package-lock.json ./
# Runtime dependencies, plus tsx, which runs the TypeScript as `npm start` does (no build step).
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm install --no-save --no-audit --no-fund "tsx@$(node -p "require('./package.json').devDependencies.tsx")" \
 && npm cache clean --force
COPY src ./src
COPY commands ./commands
COPY db ./db
COPY templates ./templates
# The operator CLIs (npm run doctor, job, draft …), run with docker compose exec.
COPY scripts ./scripts
COPY tsconfig.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:8787/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# node itself, not npm: SIGTERM from `docker stop` reaches the bot, which finishes its work.
CMD ["node", "--import", "tsx", "src/node.ts"]
