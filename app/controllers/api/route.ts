import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import type { AnyMethod } from '../../methods/define.js';
import { invokeMethod } from '../../methods/invoke.js';
import { contextFromRequest } from '../context.js';
import { runHandlers } from '../run-handlers.js';
import { inputJsonSchema } from './input-schema.js';

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
  /** A larger JSON body limit than the API's 100 kB (seat layouts). */
  bodyLimit?: string;
}

interface MethodRouteOptions {
  bodyLimit?: string;
  /** HTTP status of a success; 200 unless the route creates something. */
  status?: number;
  /** Response headers of a success, e.g. how long a cache may keep it. */
  headers?: Record<string, string>;
  /** Answer a GET whose If-None-Match names the current answer's ETag with 304. */
  conditional?: boolean;
  /** Builds the method's input; by default the query for GET, else the body, plus path params. */
  input?: (req: Request) => unknown;
  /**
   * The operation's OpenAPI description: its responses, and anything else it wants to
   * add. Summary, operationId, tags and the input come from the method.
   */
  doc: Record<string, unknown> & { responses: Record<string, unknown> };
}

function defaultInput(req: Request): unknown {
  const source: unknown = req.method === 'GET' || req.method === 'DELETE' ? req.query : req.body;
  if (source === undefined) return { ...req.params };
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return source;
  return { ...source, ...req.params };
}

/**
 * The OpenAPI description of a method's input: query parameters for GET and DELETE, a
 * JSON body otherwise. Path parameters are described by the document builder.
 */
function describeInput(verb: Verb, path: string, method: AnyMethod): Record<string, unknown> {
  const schema = inputJsonSchema(method.input);
  const inPath = new Set([...path.matchAll(/:(\w+)/g)].map(([, name]) => name));
  if (verb === 'get' || verb === 'delete') {
    const parameters = Object.entries(schema.properties)
      .filter(([name]) => !inPath.has(name))
      .map(([name, property]) => ({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        schema: property,
      }));
    return parameters.length ? { parameters } : {};
  }
  return { requestBody: { required: true, content: { 'application/json': { schema } } } };
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
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    doc: {
      summary: method.summary,
      operationId: method.type,
      tags: [method.type.split('.')[0]!],
      ...describeInput(verb, path, method),
      ...options.doc,
    },
    async handler(req: Request, res: Response) {
      const result = await invokeMethod(method, contextFromRequest(req, 'http'), input(req));
      res.status(options.status ?? 200).set(options.headers ?? {});
      if (method.noStore) res.set('Cache-Control', 'no-store');
      if (options.conditional) return sendConditional(req, res, result);
      res.json(result);
    },
  };
}

interface Encoded {
  body: string;
  tag: string;
  gzipped?: Promise<Buffer>;
}

const gzipAsync = promisify(gzip);

/** Answers a method hands out again unchanged (a cached seat map), encoded once. */
const encoded = new WeakMap<object, Encoded>();

function encode(result: unknown): Encoded {
  const known = typeof result === 'object' && result !== null ? encoded.get(result) : undefined;
  if (known) return known;
  const body = JSON.stringify(result);
  const tag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const fresh = { body, tag };
  if (typeof result === 'object' && result !== null) encoded.set(result, fresh);
  return fresh;
}

/** Whether an If-None-Match header names `tag` (weakly compared, RFC 9110 §13.1.2). */
function etagMatches(wanted: string, tag: string): boolean {
  const bare = (value: string) => value.trim().replace(/^W\//, '');
  return wanted.split(',').some((item) => item.trim() === '*' || bare(item) === bare(tag));
}

/**
 * Sends JSON with a weak ETag (a hash of the body), or 304 when If-None-Match names it.
 * Express's own check ignores If-None-Match when the request says `Cache-Control:
 * no-cache`, which fetch() adds to every conditional request; RFC 9110 has the origin
 * answer the condition all the same. The same answer object is hashed and gzipped once
 * (the compression middleware leaves a body that is already encoded alone).
 */
function sendConditional(req: Request, res: Response, result: unknown): void {
  const answer = encode(result);
  res.set('ETag', answer.tag);
  const wanted = req.get('If-None-Match');
  if (wanted && etagMatches(wanted, answer.tag)) {
    res.status(304).end();
    return;
  }
  sendEncoded(req, res, answer);
}

/** Sends an encoded answer as JSON, gzipped (once per answer) when the client takes it. */
function sendEncoded(req: Request, res: Response, answer: Encoded): void {
  res.type('json').vary('Accept-Encoding');
  if (answer.body.length < GZIP_FROM || !req.acceptsEncodings('gzip')) {
    res.send(answer.body);
    return;
  }
  // In libuv's thread pool, not on the event loop: a 2,000-seat map takes 1.5 ms to gzip.
  answer.gzipped ??= gzipAsync(answer.body);
  answer.gzipped.then(
    (gzipped) => res.set('Content-Encoding', 'gzip').send(gzipped),
    (error: unknown) => req.next!(error),
  );
}

/**
 * Answers a GET with a method's known result, before the rest of the middleware, with
 * the headers its route gives (`routeHeaders`): 304 when If-None-Match names its ETag
 * (a 304 repeats Cache-Control and Vary, RFC 9110 §15.4.5), else the JSON after
 * `headers`, the security headers every answer with a body carries. Callers ensure the
 * answer is everyone's.
 */
export function answerKnown(
  req: Request,
  res: Response,
  result: object,
  headers: RequestHandler[],
  routeHeaders: Record<string, string>,
): void {
  const answer = encode(result);
  // What the route's answer says about caching: cors's Vary: Origin, privateCaching's
  // Vary: Cookie, Authorization, and the route's own headers.
  res.set({ ...routeHeaders, ETag: answer.tag, Vary: 'Origin, Cookie, Authorization' });
  const wanted = req.get('If-None-Match');
  if (wanted && etagMatches(wanted, answer.tag)) {
    res.status(304).end();
    return;
  }
  runHandlers(req, res, headers, () => sendEncoded(req, res, answer));
}

/** Below this, gzip saves less than its own cost (compression's default threshold). */
const GZIP_FROM = 1024;
