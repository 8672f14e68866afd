import express, { type Request, type Response, type Router } from 'express';
import { toAppError } from '../../core/errors.js';
import { candidateOf } from '../../models/enrollment.js';
import { servicesOf } from '../services.js';
import authenticatorBegin from '../../methods/account/authenticator-begin.js';
import authenticatorConfirm from '../../methods/account/authenticator-confirm.js';
import endSession from '../../methods/account/end-session.js';
import recoveryCodes from '../../methods/account/recovery-codes.js';
import sessions from '../../methods/account/sessions.js';
import me from '../../methods/auth/me.js';
import reauthenticate from '../../methods/auth/reauthenticate.js';
import { tokenMaxDays } from '../../models/api-token-auth.js';
import type { Role } from '../../shared/types.js';
import type { MethodRegistry } from '../../methods/registry.js';
import createToken from '../../methods/tokens/create.js';
import listTokens from '../../methods/tokens/list.js';
import revokeToken from '../../methods/tokens/revoke.js';
import {
  call,
  endedText,
  fieldList,
  formPost,
  handleForm,
  redirectWith,
  safeNext,
} from './forms.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import { renderPage, type FlashMessage } from './render.js';

const FORM_ERRORS = new Set<ErrorCode>([
  'VALIDATION_FAILED',
  'INVALID_CODE',
  'TOO_MANY_ATTEMPTS',
  'NOT_FOUND',
  'REAUTHENTICATION_REQUIRED',
]);

/** The lifetimes the token form offers, up to the longest the user may have. */
const tokenDays = (role: Role) => [7, 30, 90].filter((days) => days <= tokenMaxDays(role));

/** /account: your sessions, API tokens, recovery codes and authenticator. */
export function accountPages(registry: MethodRegistry): Router {
  const router = express.Router();
  const m = {
    me: registry.registered(me),
    reauthenticate: registry.registered(reauthenticate),
    sessions: registry.registered(sessions),
    endSession: registry.registered(endSession),
    listTokens: registry.registered(listTokens),
    createToken: registry.registered(createToken),
    revokeToken: registry.registered(revokeToken),
    recoveryCodes: registry.registered(recoveryCodes),
    authenticatorBegin: registry.registered(authenticatorBegin),
    authenticatorConfirm: registry.registered(authenticatorConfirm),
  };

  async function renderAccount(
    req: Request,
    res: Response,
    extra: { newToken?: unknown; flash?: FlashMessage[]; errors?: object } = {},
    status = 200,
  ) {
    const [account, sessionList, tokenList] = await Promise.all([
      call(req, m.me, {}),
      call(req, m.sessions, {}),
      call(req, m.listTokens, {}),
    ]);
    renderPage(
      res,
      'account',
      {
        title: 'Your account',
        ...account,
        ...sessionList,
        ...tokenList,
        tokenDays: tokenDays(req.actor!.role),
        newToken: null,
        errors: {},
        ...extra,
      },
      status,
    );
  }

  /** A form on the account page; an expected problem shows on the account page. */
  const action = (handler: Parameters<typeof handleForm>[1]) =>
    handleForm(FORM_ERRORS, handler, (req, res, error) =>
      renderAccount(
        req,
        res,
        { flash: [{ kind: 'error', text: error.message }], errors: error.details ?? {} },
        error.status,
      ),
    );

  router.get('/account', async (req, res) => {
    await renderAccount(req, res);
  });

  formPost(
    router,
    '/account/sessions/:id/end',
    action(async (req, res) => {
      const { signed_out } = (await call(req, m.endSession, { id: req.params.id })) as {
        signed_out: boolean;
      };
      if (signed_out) {
        res.redirect(303, '/login?signed_out=1');
        return;
      }
      redirectWith(req, res, '/account', { kind: 'success', text: 'That session has ended.' });
    }),
  );

  // Other pages (/admin/users) ask for the code here too, and get their answer back.
  formPost(router, '/account/reauthenticate', async (req, res) => {
    const back = safeNext(req.body.next);
    try {
      await call(req, m.reauthenticate, { code: req.body.code });
      redirectWith(req, res, back, {
        kind: 'success',
        text: 'Confirmed. For the next 10 minutes you can change sign-in and access settings without another code.',
      });
    } catch (raw) {
      const error = toAppError(raw);
      if (!FORM_ERRORS.has(error.code)) throw raw;
      if (back === '/account') {
        const errors = error.details ?? {};
        await renderAccount(
          req,
          res,
          { flash: [{ kind: 'error', text: error.message }], errors },
          error.status,
        );
        return;
      }
      redirectWith(req, res, back, { kind: 'error', text: error.message });
    }
  });

  formPost(
    router,
    '/account/tokens',
    action(async (req, res) => {
      const created = await call(req, m.createToken, {
        name: req.body.name,
        scopes: fieldList(req.body.scopes),
        expires_in_days: req.body.expires_in_days,
      });
      await renderAccount(req, res, { newToken: created }, 201);
    }),
  );

  formPost(
    router,
    '/account/tokens/:id/revoke',
    action(async (req, res) => {
      await call(req, m.revokeToken, { id: req.params.id });
      redirectWith(req, res, '/account', { kind: 'success', text: 'The token is revoked.' });
    }),
  );

  formPost(
    router,
    '/account/recovery-codes',
    action(async (req, res) => {
      const result = (await call(
        req,
        m.recoveryCodes,
        req.body.code ? { code: req.body.code } : {},
      )) as { recovery_codes: string[] };
      renderPage(res, 'recovery-codes', {
        title: 'Your new recovery codes',
        codes: result.recovery_codes,
        next: '/account',
      });
    }),
  );

  formPost(
    router,
    '/account/authenticator',
    action(async (req, res) => {
      const candidate = await call(
        req,
        m.authenticatorBegin,
        req.body.code ? { code: req.body.code } : {},
      );
      renderPage(res, 'authenticator', { title: 'New authenticator', candidate, errors: {} });
    }),
  );

  formPost(router, '/account/authenticator/verify', async (req, res) => {
    try {
      const ended = (await call(req, m.authenticatorConfirm, {
        code: req.body.code,
        end_other_sessions: req.body.end_other_sessions === 'yes',
      })) as { sessions_ended: number; tokens_revoked: number };
      redirectWith(req, res, '/account', {
        kind: 'success',
        text: `Your new authenticator app is set up; the old one no longer works.${endedText(ended)}`,
      });
    } catch (raw) {
      const error = toAppError(raw);
      const pending = req.session?.enrollment;
      if (!FORM_ERRORS.has(error.code) || pending?.purpose !== 'reenroll') throw raw;
      // The same QR code again: a typo must not make the user scan a new one.
      const candidate = await candidateOf(pending, servicesOf(req).secrets);
      renderPage(
        res,
        'authenticator',
        {
          title: 'New authenticator',
          candidate,
          errors: error.details ?? {},
          flash: [{ kind: 'error', text: error.message }],
        },
        error.status,
      );
    }
  });

  return router;
}
