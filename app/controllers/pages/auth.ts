import express, { type Request, type Response, type Router } from 'express';
import type { AppError } from '../../core/errors.js';
import type { FailedCodes } from '../../core/session.js';
import login from '../../methods/auth/login.js';
import logout from '../../methods/auth/logout.js';
import recover from '../../methods/auth/recover.js';
import verify from '../../methods/auth/verify.js';
import type { MethodRegistry } from '../../methods/registry.js';
import setupBegin from '../../methods/setup/begin.js';
import setupVerify from '../../methods/setup/verify.js';
import { candidateOf } from '../../models/enrollment.js';
import { assertNoAdminYet, assertSetupToken } from '../../models/first-admin.js';
import { servicesOf } from '../services.js';
import {
  call,
  endedText,
  fieldText,
  formPost,
  handleForm,
  redirectWith,
  safeNext,
} from './forms.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import { renderPage } from './render.js';

// Errors a sign-in form shows next to the form rather than on an error page.
const FORM_ERRORS = new Set<ErrorCode>([
  'VALIDATION_FAILED',
  'INVALID_CODE',
  'TOO_MANY_ATTEMPTS',
  'USERNAME_TAKEN',
]);

interface Flow {
  /** Where the username is posted, and where the code is posted. */
  start: string;
  verify: string;
  title: string;
}

const SIGN_IN: Flow = { start: '/login', verify: '/login/verify', title: 'Sign in' };
const SETUP: Flow = { start: '/setup', verify: '/setup/verify', title: 'Set up Seats' };

/** The set-up token a set-up form carries along, from the address or the form. */
const setupTokenOf = (req: Request) => fieldText(req.body?.setup_token ?? req.query.token);

/** Sign-in, recovery, sign-out and first-admin set-up pages, over the auth and setup methods. */
export function authPages(registry: MethodRegistry): Router {
  const router = express.Router();
  const methods = {
    login: registry.registered(login),
    verify: registry.registered(verify),
    recover: registry.registered(recover),
    logout: registry.registered(logout),
    setupBegin: registry.registered(setupBegin),
    setupVerify: registry.registered(setupVerify),
  };

  /** Renders the step after the username: the enrolment QR while one is pending, else the code field. */
  async function renderCodeStep(
    req: Request,
    res: Response,
    flow: Flow,
    username: string,
    status = 200,
    error?: AppError,
    enrolling = true,
  ) {
    const pending = req.session?.enrollment;
    const candidate =
      enrolling && pending && pending.username === username && pending.expires_at > Date.now()
        ? await candidateOf(pending, servicesOf(req).secrets)
        : null;
    renderPage(
      res,
      'login',
      {
        title: flow.title,
        flow,
        step: candidate ? 'enroll' : 'code',
        username,
        candidate,
        setupToken: setupTokenOf(req),
        next: safeNext(req.body?.next ?? req.query.next),
        errors: error?.details ?? {},
        flash: error ? [{ kind: 'error', text: error.message }] : [],
      },
      status,
    );
  }

  function renderStart(req: Request, res: Response, flow: Flow, status = 200, error?: AppError) {
    renderPage(
      res,
      'login',
      {
        title: flow.title,
        flow,
        step: 'username',
        username: typeof req.body?.username === 'string' ? req.body.username : '',
        setupToken: setupTokenOf(req),
        next: safeNext(req.body?.next ?? req.query.next),
        errors: error?.details ?? {},
        flash: error
          ? [{ kind: 'error', text: error.message }]
          : req.query.signed_out
            ? [{ kind: 'info', text: 'You are signed out.' }]
            : [],
      },
      status,
    );
  }

  const step = (
    handler: Parameters<typeof handleForm>[1],
    onError: Parameters<typeof handleForm>[2],
  ) => handleForm(FORM_ERRORS, handler, onError);

  const username = (req: Request) =>
    String(req.body?.username ?? '')
      .trim()
      .toLowerCase();

  router.get('/login', (req, res) => renderStart(req, res, SIGN_IN));

  formPost(
    router,
    '/login',
    step(
      async (req, res) => {
        const result = (await call(req, methods.login, { username: req.body.username })) as {
          status: string;
        };
        await renderCodeStep(
          req,
          res,
          SIGN_IN,
          username(req),
          200,
          undefined,
          result.status === 'candidate',
        );
      },
      (req, res, error) => renderStart(req, res, SIGN_IN, error.status, error),
    ),
  );

  const finish = (flow: Flow, method: typeof methods.verify) =>
    step(
      async (req, res) => {
        const result = (await call(req, method, {
          username: req.body.username,
          code: req.body.code,
          ...(flow === SETUP ? { setup_token: req.body.setup_token } : {}),
        })) as {
          recovery_codes?: string[];
          failed_codes?: FailedCodes | null;
        };
        const next = flow === SETUP ? '/admin/users' : safeNext(req.body.next);
        if (result.recovery_codes) {
          renderPage(res, 'recovery-codes', {
            title: 'Your recovery codes',
            codes: result.recovery_codes,
            next,
          });
          return;
        }
        if (result.failed_codes) {
          redirectWith(req, res, next, {
            kind: 'info',
            text: `${result.failed_codes.count} wrong code(s) were tried for your username since you last signed in. Details are on your account page.`,
          });
          return;
        }
        res.redirect(303, next);
      },
      (req, res, error) => renderCodeStep(req, res, flow, username(req), error.status, error),
    );

  formPost(router, '/login/verify', finish(SIGN_IN, methods.verify));

  router.get('/login/recover', (req, res) =>
    renderPage(res, 'login', {
      title: 'Use a recovery code',
      flow: SIGN_IN,
      step: 'recover',
      username: '',
      next: '/account',
      errors: {},
    }),
  );

  formPost(
    router,
    '/login/recover',
    step(
      async (req, res) => {
        const ended = (await call(req, methods.recover, {
          username: req.body.username,
          recovery_code: req.body.recovery_code,
          end_other_sessions: req.body.end_other_sessions === 'yes',
        })) as { sessions_ended: number; tokens_revoked: number };
        redirectWith(req, res, '/account', {
          kind: 'info',
          text: `You signed in with a recovery code, which is now used up.${endedText(ended)} Set up your new authenticator app below.`,
        });
      },
      (req, res, error) =>
        renderPage(
          res,
          'login',
          {
            title: 'Use a recovery code',
            flow: SIGN_IN,
            step: 'recover',
            username: username(req),
            next: '/account',
            errors: error.details ?? {},
            flash: [{ kind: 'error', text: error.message }],
          },
          error.status,
        ),
    ),
  );

  formPost(router, '/logout', async (req, res) => {
    await call(req, methods.logout, {});
    res.redirect(303, '/login?signed_out=1');
  });

  router.get('/setup', async (req, res) => {
    await assertNoAdminYet();
    assertSetupToken(servicesOf(req).setupToken, req.query.token);
    renderStart(req, res, SETUP);
  });

  formPost(
    router,
    '/setup',
    step(
      async (req, res) => {
        await call(req, methods.setupBegin, {
          username: req.body.username,
          setup_token: req.body.setup_token,
        });
        await renderCodeStep(req, res, SETUP, username(req));
      },
      (req, res, error) => renderStart(req, res, SETUP, error.status, error),
    ),
  );

  formPost(router, '/setup/verify', finish(SETUP, methods.setupVerify));

  return router;
}
