# One image per app: docker build --build-arg APP=gateway .
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY docs/asyncapi.yaml docs/asyncapi.yaml
RUN npm run build && npm prune --omit=dev

FROM node:26-bookworm-slim
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# The official CEB XSDs, read at run time by the XML intake.
COPY --from=build /app/libs/contracts/xsd libs/contracts/xsd
# The gateway's regulator console and landing page (static files) and the AsyncAPI document it serves.
COPY --from=build /app/apps/gateway/console apps/gateway/console
COPY --from=build /app/docs/asyncapi.yaml docs/asyncapi.yaml
# The tax app's commodity rate tables (one file per effective date), read at start.
COPY --from=build /app/apps/tax/data apps/tax/data
# The credit app's scoring models (one file per version), read at start.
COPY --from=build /app/apps/credit/data apps/credit/data
# The risk app's rule book, read at start.
COPY --from=build /app/apps/risk/data apps/risk/data
# The forex app's exchange-rate table (one file per day), loaded at start.
COPY --from=build /app/apps/forex/data apps/forex/data
# The statistics app's report labels (countries, HS chapters, trade modes), read at start.
COPY --from=build /app/apps/statistics/data apps/statistics/data
USER node
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
