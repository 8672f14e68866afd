import type { Request, RequestHandler, Response } from 'express';
import type { AnyMethod } from '../../methods/define.js';
import { invokeMethod } from '../../methods/invoke.js';
import { contextFromRequest } from '../context.js';

export type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An OpenAPI 3.1 operation object, as written in each route's declaration. */
export type Operation = Record<string, unknown> & {
  summary: string;
  responses: Record<string, unknown>;
};

/** One JSON route: where it lives, what it does, and its OpenAPI description. */
export interface ApiRoute {
  verb: Verb;
  /** Express path under /api, e.g. `/events/:id`. */
  path: string;
  doc: Operation;
  handler: RequestHandler;
  /** The method it calls, when it is a method route. */
  method?: AnyMethod;
}

interface MethodRouteOptions {
  /** HTTP status of a success; 200 unless the route creates something. */
  status?: number;
  /** Builds the method's input; by default the query for GET, else the body, plus path params. */
  input?: (req: Request) => unknown;
  /** The operation's OpenAPI description; summary, operationId and tags come from the method. */
  doc: Record<string, unknown> & { responses: Record<string, unknown> };
}

function defaultInput(req: Request): unknown {
  const source: unknown = req.method === 'GET' || req.method === 'DELETE' ? req.query : req.body;
  if (source === undefined) return { ...req.params };
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return source;
  return { ...source, ...req.params };
}

/** A JSON route that calls a method: the thin HTTP adapter over the method layer. */
export function methodRoute(
  verb: Verb,
  path: string,
  method: AnyMethod,
  options: MethodRouteOptions,
): ApiRoute {
  const input = options.input ?? defaultInput;
  return {
    verb,
    path,
    method,
    doc: {
      summary: method.summary,
      operationId: method.type,
      tags: [method.type.split('.')[0]!],
      ...options.doc,
    },
    async handler(req: Request, res: Response) {
      const result = await invokeMethod(method, contextFromRequest(req, 'http'), input(req));
      res.status(options.status ?? 200).json(result);
    },
  };
}
