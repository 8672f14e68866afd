import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { GzipTemplate } from '../../core/gzip-template.js';
import { runHandlers } from '../run-handlers.js';

/** How long a page stays as a visitor saw it: an on-sale rush renders it once a second. */
const FRESH_MS = 1_000;
const MAX_PAGES = 200;

/**
 * Stands in for the CSP nonce while a page is kept, and is replaced with each answer's
 * own. Random per process, so no text a user wrote can contain it.
 */
const NONCE_SLOT = `nonce-${randomBytes(18).toString('base64url')}`;

interface Kept {
  page: GzipTemplate;
  until: number;
}

/**
 * Pages as a visitor sees them (not signed in, no message waiting), kept a second per
 * page: each answer gets its own CSP nonce, and gzip costs only the part after the first
 * script tag (GzipTemplate). Live parts come from the page's script, which subscribes to
 * the seat map, so a second-old copy is never what a buyer acts on; signed-in callers
 * always get a fresh page.
 */
export class VisitorPages {
  readonly #kept = new Map<string, Kept>();
  readonly #rendering = new Map<string, Promise<Kept>>();

  /** Whether `req` may get a kept page. */
  static serves(req: Request, res: Response): boolean {
    const flash = res.locals.flash as unknown[] | undefined;
    return !req.actor && !flash?.length && (req.method === 'GET' || req.method === 'HEAD');
  }

  /**
   * Answers with the page kept under `key`, rendering it with `render` when stale. The key
   * names the page (the event's id), not the URL, so query strings and other spellings
   * of it cannot make a visitor's request render afresh.
   */
  async send(
    req: Request,
    res: Response,
    key: string,
    render: (nonceSlot: string) => Promise<string>,
  ): Promise<void> {
    let kept = this.#kept.get(key);
    if (!kept || Date.now() >= kept.until) {
      let rendering = this.#rendering.get(key);
      if (!rendering) {
        rendering = render(NONCE_SLOT)
          .then((html) => this.#keep(key, html))
          .finally(() => this.#rendering.delete(key));
        this.#rendering.set(key, rendering);
      }
      kept = await rendering;
    }
    VisitorPages.#answer(req, res, kept);
  }

  /** The page kept under `key`, if it is fresh now. */
  fresh(key: string): Kept | undefined {
    const kept = this.#kept.get(key);
    return kept && Date.now() < kept.until ? kept : undefined;
  }

  /**
   * Answers a fresh kept page before the rest of the middleware, after `headers` (the
   * security headers, which also make this answer's CSP nonce).
   */
  static sendEarly(req: Request, res: Response, kept: Kept, headers: RequestHandler[]): void {
    // As privateCaching says for the routed page.
    res.vary('Cookie').vary('Authorization');
    runHandlers(req, res, headers, () => VisitorPages.#answer(req, res, kept));
  }

  static #answer(req: Request, res: Response, kept: Kept): void {
    const nonce = String(res.locals.cspNonce);
    // No shared cache may keep it: each answer's nonce is its own.
    res.status(200).type('html').vary('Accept-Encoding').set('Cache-Control', 'private, no-cache');
    // res.end, not res.send: the body changes with every nonce, so an ETag could never match.
    if (req.acceptsEncodings('gzip'))
      res.set('Content-Encoding', 'gzip').end(kept.page.gzip(nonce));
    else res.end(kept.page.text(nonce));
  }

  #keep(key: string, html: string): Kept {
    const kept = { page: new GzipTemplate(html, NONCE_SLOT), until: Date.now() + FRESH_MS };
    this.#kept.delete(key);
    this.#kept.set(key, kept);
    if (this.#kept.size > MAX_PAGES) this.#kept.delete(this.#kept.keys().next().value!);
    return kept;
  }
}

/** The key an event's page is kept under; every spelling of its id (`7`, `007`, `+7`) is one. */
export function eventPageKey(id: string): string | undefined {
  const eventId = Number(id);
  return /^\+?\d{1,12}$/.test(id) && eventId > 0 ? `event:${eventId}` : undefined;
}

/** This process's kept visitor pages. */
export const visitorPages = new VisitorPages();
