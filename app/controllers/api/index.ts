import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Sequelize } from 'sequelize';
import { AppError } from '../../core/errors.js';
import type { MethodRegistry } from '../../methods/registry.js';
import { errorHandler, notFound } from '../error-handler.js';
import { buildOpenApiDocument } from './openapi.js';
import type { ApiRoute } from './route.js';
import { systemRoutes } from './system.js';
import { authRoutes } from './auth.js';
import { bookingRoutes } from './bookings.js';
import { catalogRoutes } from './catalog.js';
import { tokenRoutes } from './tokens.js';
import { userRoutes } from './users.js';

export interface ApiDeps {
  sequelize: Sequelize;
  registry: MethodRegistry;
  version: string;
  publicUrl: string;
}

/** Every JSON route, in one table: mounted by `apiRouter` and documented by OpenAPI. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  const routes = [
    ...systemRoutes(deps),
    ...authRoutes(),
    ...tokenRoutes(),
    ...userRoutes(),
    ...catalogRoutes(),
    ...bookingRoutes(),
  ];
  const document = () =>
    buildOpenApiDocument(routes, { version: deps.version, serverUrl: deps.publicUrl });
  routes.push({
    verb: 'get',
    path: '/openapi.json',
    doc: {
      summary: 'This OpenAPI 3.1 document.',
      operationId: 'system.openapi',
      tags: ['system'],
      responses: {
        200: {
          description: 'The document.',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
    handler: (_req, res) => void res.json(document()),
  });
  return routes;
}

function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
  );
}

/**
 * JSON routes take JSON only: a POST, PUT or PATCH (even an empty one) must say
 * `application/json`, which a page on another site cannot send without a CORS
 * preflight. A DELETE needs it only when it has a body.
 */
const requireJson: RequestHandler = (req, _res, next) => {
  const writes = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  if ((writes || hasBody(req)) && !req.is('application/json')) {
    return next(
      new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.'),
    );
  }
  next();
};

export function apiRouter(deps: ApiDeps): Router {
  const router = express.Router();
  const routes = apiRoutes(deps);
  for (const route of routes) if (route.method) deps.registry.registered(route.method);
  // Routes with a larger body limit come first, with their own parser, so the general
  // 100 kB parser below never sees their requests.
  for (const route of routes.filter((item) => item.bodyLimit)) {
    router[route.verb](
      route.path,
      requireJson,
      express.json({ limit: route.bodyLimit, strict: false }),
      route.handler,
    );
  }
  router.use(requireJson, express.json({ limit: '100kb', strict: false }));
  for (const route of routes.filter((item) => !item.bodyLimit))
    router[route.verb](route.path, route.handler);
  router.use(notFound('API route'));
  router.use(errorHandler);
  return router;
}
