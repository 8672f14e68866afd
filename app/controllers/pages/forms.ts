import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { toAppError, type AppError } from '../../core/errors.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import type { MethodDefinition } from '../../methods/define.js';
import { invokeMethod } from '../../methods/invoke.js';
import { contextFromRequest } from '../context.js';
import { servicesOf } from '../services.js';
import type { FlashMessage } from './render.js';

declare module 'express-session' {
  interface SessionData {
    /** Messages for the next page, after a redirect. */
    flash?: FlashMessage[];
  }
}

// Signed double-submit tokens (csrf-csrf): the token is an HMAC of a random value and the
// signed-in session's id, kept in an http-only cookie and repeated in each form's `_csrf`.
// Visitors' tokens are bound to no session, so a visit writes no session row: sessions
// begin at sign-in. A post without the token, or with another session's, is CSRF_FAILED.
const csrfOptions = {
  getSecret: (req?: Request) => servicesOf(req!).secrets.key('csrf').toString('hex'),
  getSessionIdentifier: (req: Request) => (req.session?.auth ? req.sessionID : ''),
  getCsrfTokenFromRequest: (req: Request) => (req.body as { _csrf?: string } | undefined)?._csrf,
  errorConfig: {
    statusCode: 403,
    code: 'CSRF_FAILED',
    message: 'This form has expired or came from another site. Reload the page and try again.',
  },
};
const cookieOptions = { sameSite: 'strict', httpOnly: true, path: '/' } as const;
// Under https the cookie is `__Host-` (Secure, this host only, path /), so a sibling
// subdomain cannot plant one; plain http (development) cannot have that prefix.
const csrfByScheme = {
  http: doubleCsrf({
    ...csrfOptions,
    cookieName: 'seats.csrf',
    cookieOptions: { ...cookieOptions, secure: false },
  }),
  https: doubleCsrf({
    ...csrfOptions,
    cookieName: '__Host-seats.csrf',
    cookieOptions: { ...cookieOptions, secure: true },
  }),
};
const csrf = (req: Request) =>
  servicesOf(req).config.PUBLIC_URL.startsWith('https:') ? csrfByScheme.https : csrfByScheme.http;

const checkCsrf: RequestHandler = (req, res, next) =>
  csrf(req).doubleCsrfProtection(req, res, next);

const parseForm = express.urlencoded({ extended: false, limit: '20kb' });
// Forms with many fields and room for an imported seat layout.
const parseLargeForm = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 2000 });

/**
 * Page locals every view may use: `csrfToken()` (made on first use, then the same for
 * every form of the page) and pending flash messages.
 */
export const pageLocals: RequestHandler = (req, res, next) => {
  let token: string | undefined;
  res.locals.csrfToken = () => (token ??= csrf(req).generateCsrfToken(req, res));
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
};

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void> | void;

/** A form post: parsed, CSRF-checked, then handled. */
export function formPost(
  router: Router,
  path: string,
  handler: Handler,
  options: { large?: boolean } = {},
): void {
  router.post(path, options.large ? parseLargeForm : parseForm, checkCsrf, handler);
}

/** A form field's text; a field sent twice arrives as a list, and counts as no text. */
export const fieldText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A field that may repeat (checkboxes of one name): none, one value or several, as a list. */
export const fieldList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];

/** What signing out everywhere else did, for a success message. */
export function endedText(ended: { sessions_ended: number; tokens_revoked: number }): string {
  if (!ended.sessions_ended && !ended.tokens_revoked) return '';
  return ` ${ended.sessions_ended} other session(s) ended and ${ended.tokens_revoked} API token(s) revoked.`;
}

/** Calls a method with the page's context; a page showing a secret or a ticket is not kept by caches. */
export function call<Input, Output>(
  req: Request,
  method: MethodDefinition<Input, Output>,
  input: unknown,
): Promise<Output> {
  if (method.noStore) req.res?.set('Cache-Control', 'no-store');
  return invokeMethod(method, contextFromRequest(req, 'page'), input);
}

/** Redirects with a message for the next page. */
export function redirectWith(req: Request, res: Response, to: string, message: FlashMessage): void {
  if (req.session) req.session.flash = [...(req.session.flash ?? []), message];
  res.redirect(303, to);
}

/**
 * A path on this site to return to after sign-in; anything else becomes `/account`.
 * Resolving it against a placeholder origin catches every way of naming another site
 * (`//host`, `/\\host`, tabs and newlines that browsers strip), and the result is checked
 * again, since dot segments can turn a path into `//host` (`/.//host`). The sign-in pages
 * themselves are never a destination, so sign-in cannot send anyone round in a loop.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\s\\]/.test(value))
    return '/account';
  const url = new URL(value, 'http://seats.invalid');
  const path = `${url.pathname}${url.search}${url.hash}`;
  const onSite = url.origin === 'http://seats.invalid' && /^\/(?![/\\])/.test(path);
  return onSite && !path.includes('\\') && !/^\/login(?:[/?#]|$)/i.test(path) ? path : '/account';
}

type FormHandler = (req: Request, res: Response) => Promise<void>;

/**
 * A form handler whose expected problems (`shown`: a wrong code, an invalid field) are
 * given to `onError` to re-render the form; anything else goes to the error page.
 */
export function handleForm(
  shown: ReadonlySet<ErrorCode>,
  handler: FormHandler,
  onError: (req: Request, res: Response, error: AppError) => Promise<void> | void,
): FormHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (raw) {
      const error = toAppError(raw);
      if (!shown.has(error.code)) throw raw;
      await onError(req, res, error);
    }
  };
}
