# The worker image for docker-compose.yml: the compiled project and its production dependencies.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
# `npm ci` runs the prepare script, which compiles the TypeScript into dist/.
RUN npm ci && npm prune --omit=dev
ENV NODE_ENV=production
CMD ["node", "dist/worker/main.js"]
