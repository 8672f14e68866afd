import { createServer, type Server as HttpServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express, type RequestHandler } from 'express';
import type { Sequelize } from 'sequelize';
import { apiRouter } from './controllers/api/index.js';
import { knownSeatMaps } from './controllers/api/known-seat-maps.js';
import { knownPages } from './controllers/pages/known-pages.js';
import { errorHandler, notFound } from './controllers/error-handler.js';
import { apiDocsPage, pagesRouter } from './controllers/pages/index.js';
import { attachSocketControllers } from './controllers/socket/index.js';
import { createAssets } from './core/assets.js';
import type { Config } from './core/config.js';
import type { Logger } from './core/logger.js';
import { ROOT_DIR } from './core/paths.js';
import { createRealtimeServer, type RealtimeServer } from './core/realtime.js';
import { requestLogger } from './core/request-logger.js';
import { securityHeaders } from './core/security.js';
import { Drain } from './core/drain.js';
import type { MethodRegistry } from './methods/registry.js';
import compression from 'compression';
import cors from 'cors';
import { authenticateApi, authenticateSession } from './controllers/authenticate.js';
import { privateCaching } from './controllers/private-caching.js';
import { provideServices, type Services } from './controllers/services.js';
import { RealtimeHub } from './core/realtime-hub.js';
import { startSweeper } from './jobs/sweeper.js';
import { changeSetOf } from './models/seat-changes.js';
import { seatMaps } from './models/seat-map.js';
import { Secrets } from './core/secrets.js';
import { SetupToken } from './core/setup-token.js';
import { createSessionMiddleware } from './core/session.js';
import { APP_VERSION } from './core/version.js';
import { formatDateTime, formatMoney } from './shared/format.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  /** For the session store, which keeps its own small pool. */
  databaseUrl: string;
  registry: MethodRegistry;
}

/** What the HTTP app and the socket server share: the session store and the services. */
export interface SharedParts {
  session: ReturnType<typeof createSessionMiddleware>;
  services: Services;
}

export function createSharedParts({ config, logger, databaseUrl }: AppDeps): SharedParts {
  const secrets = Secrets.fromConfig(config);
  const realtime = new RealtimeHub();
  // This process's own changes show in its cached maps at once, before their version.
  seatMaps.trustVersionsFor(config.SEAT_VERSION_TRUST_MS);
  realtime.onSeatsChanged((eventId) => seatMaps.forget(eventId));
  realtime.useSeatFeed(
    changeSetOf,
    (error) => logger.error({ err: error }, 'pushing seat changes failed'),
    config.SEAT_FEED_WINDOW_MS,
  );
  return {
    session: createSessionMiddleware(config, secrets, databaseUrl, logger),
    services: { config, secrets, realtime, setupToken: new SetupToken(), drain: new Drain() },
  };
}

/** The Express application, without a listening server (tests mount it as they like). */
export function createApp(deps: AppDeps, shared: SharedParts = createSharedParts(deps)): Express {
  const { config, logger, sequelize, registry } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  provideServices(app, shared.services);
  const assets = useViews(app, config);

  const headers = securityHeaders(config);
  app.use(knownSeatMaps(headers), knownPages(headers));
  app.use(requestLogger(logger));
  // Seat maps of large halls are hundreds of kilobytes of SVG; gzip makes them a tenth.
  app.use(compression());
  app.use(headers);
  app.use(assets.router);
  const viewLocals: RequestHandler = (req, res, next) => {
    res.locals.currentPath = req.path;
    res.locals.actor = req.actor ?? null;
    next();
  };
  // Pages know only the session cookie; the JSON API also takes tokens, which never
  // touch a session (docs/security.md).
  const sessionAuth = [shared.session.middleware, authenticateSession, privateCaching, viewLocals];
  app.get('/api/docs', sessionAuth, apiDocsPage);
  app.use(
    '/api',
    cors({ origin: config.ALLOWED_ORIGINS, credentials: true }),
    authenticateApi(shared.session.middleware),
    privateCaching,
    viewLocals,
    apiRouter({ sequelize, registry, version: APP_VERSION, publicUrl: config.PUBLIC_URL }),
  );
  app.use(sessionAuth, pagesRouter(registry));
  app.use(notFound('Page'));
  app.use(errorHandler);
  return app;
}

/** EJS views and the helpers every view may use; also what the error page needs. */
export function useViews(app: Express, config: Pick<Config, 'NODE_ENV'>) {
  app.set('view engine', 'ejs');
  app.set('views', `${ROOT_DIR}/views`);
  if (config.NODE_ENV === 'production') app.enable('view cache');
  const assets = createAssets({ cacheHashes: config.NODE_ENV === 'production' });
  app.locals.asset = assets.asset;
  app.locals.appVersion = APP_VERSION;
  app.locals.formatMoney = formatMoney;
  app.locals.formatDateTime = formatDateTime;
  app.locals.flash = [];
  app.locals.currentPath = '';
  app.locals.actor = null;
  return assets;
}

export interface SeatsServer {
  app: Express;
  server: HttpServer;
  io: RealtimeServer;
  /** Pushes to sockets: seat changes, messages for a user. */
  realtime: RealtimeHub;
  /** Opens /setup while there is no admin; start-up prints its address. */
  setupToken: SetupToken;
  /**
   * Stops taking connections, disconnects sockets, and resolves once requests and socket
   * messages already in flight have finished.
   */
  close(): Promise<void>;
}

/** The HTTP server with Socket.IO attached, not yet listening. */
export function createSeatsServer(deps: AppDeps): SeatsServer {
  const shared = createSharedParts(deps);
  const app = createApp(deps, shared);
  const server = createServer(app);
  const io = createRealtimeServer(server, deps.config);
  const { drain } = shared.services;
  // After Socket.IO, which takes over the server's request listeners: the drain sees its
  // polling requests too.
  drain.watch(server);
  shared.services.realtime.attach(io);
  const sweeper = deps.config.SWEEP_INTERVAL_MS
    ? startSweeper(shared.services.realtime, deps.config.SWEEP_INTERVAL_MS, deps.logger)
    : null;
  const sockets = attachSocketControllers({
    io,
    registry: deps.registry,
    logger: deps.logger,
    services: shared.services,
    sessionMiddleware: shared.session.middleware,
  });
  return {
    app,
    server,
    io,
    realtime: shared.services.realtime,
    setupToken: shared.services.setupToken,
    async close() {
      const http = drain.close(
        server,
        deps.config.SHUTDOWN_GRACE_MS,
        deps.config.SHUTDOWN_TIMEOUT_MS,
      );
      // Sockets stay through the grace period too: their clients reconnect elsewhere
      // once the load balancer has moved away.
      if (server.listening && deps.config.SHUTDOWN_GRACE_MS)
        await sleep(deps.config.SHUTDOWN_GRACE_MS);
      io.disconnectSockets(true);
      await Promise.all([http, sockets.drain(), sweeper?.stop()]);
      // Changes committed by those last requests still reach the database's map version.
      await shared.services.realtime.idle();
      io.engine.close();
      await shared.session.store.close();
    },
  };
}
