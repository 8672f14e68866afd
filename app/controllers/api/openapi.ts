import type { ApiRoute } from './route.js';
import { components, errorRef } from './schemas.js';

/** `/events/:id` → `/events/{id}` */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

/**
 * The OpenAPI 3.1 document, built from the route declarations themselves so that a
 * route cannot exist undocumented. Served at /api/openapi.json.
 */
export function buildOpenApiDocument(
  routes: readonly ApiRoute[],
  info: { version: string; serverUrl: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(`/api${route.path}`);
    const params = [...route.path.matchAll(/:([A-Za-z_]\w*)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[path] ??= {};
    paths[path][route.verb] = {
      ...route.doc,
      ...(params.length
        ? { parameters: [...params, ...((route.doc.parameters as unknown[]) ?? [])] }
        : {}),
      responses: {
        ...route.doc.responses,
        500: errorRef('Internal'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Seats API',
      version: info.version,
      description:
        'JSON API of Seats. Every operation is also available as a Socket.IO message of the same type ' +
        '(operationId). Errors share one shape: {error, message, details?}.',
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components,
  };
}
