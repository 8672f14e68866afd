import login from '../../methods/auth/login.js';
import logout from '../../methods/auth/logout.js';
import me from '../../methods/auth/me.js';
import reauthenticate from '../../methods/auth/reauthenticate.js';
import recover from '../../methods/auth/recover.js';
import session from '../../methods/auth/session.js';
import verify from '../../methods/auth/verify.js';
import authenticatorBegin from '../../methods/account/authenticator-begin.js';
import authenticatorConfirm from '../../methods/account/authenticator-confirm.js';
import endOtherSessions from '../../methods/account/end-other-sessions.js';
import endSession from '../../methods/account/end-session.js';
import recoveryCodes from '../../methods/account/recovery-codes.js';
import sessions from '../../methods/account/sessions.js';
import setupBegin from '../../methods/setup/begin.js';
import setupVerify from '../../methods/setup/verify.js';
import { methodRoute, type ApiRoute } from './route.js';
import { errorRef, jsonResponse, ref } from './schemas.js';

const signedIn = {
  200: jsonResponse('Signed in; the session cookie is set.', ref('SignedIn')),
  400: errorRef('BadRequest'),
  401: errorRef('Unauthenticated'),
  429: errorRef('TooManyAttempts'),
};

const signedInOnly = { 401: errorRef('Unauthenticated'), 403: errorRef('Forbidden') };

export function authRoutes(): ApiRoute[] {
  return [
    methodRoute('post', '/auth/login', login, {
      doc: {
        responses: {
          200: jsonResponse('{status:"user"} for a known name, else the enrolment data.', {
            oneOf: [
              { type: 'object', properties: { status: { const: 'user' } } },
              ref('Candidate'),
            ],
          }),
          400: errorRef('BadRequest'),
          429: errorRef('TooManyAttempts'),
        },
      },
    }),
    methodRoute('post', '/auth/verify', verify, {
      doc: { responses: { ...signedIn, 409: errorRef('Conflict') } },
    }),
    methodRoute('post', '/auth/recover', recover, { doc: { responses: signedIn } }),
    methodRoute('post', '/auth/session', session, { doc: { responses: signedIn } }),
    methodRoute('post', '/auth/reauthenticate', reauthenticate, {
      doc: {
        responses: {
          200: jsonResponse('Confirmed; credential changes need no code until then.', {
            type: 'object',
            properties: { reauthenticated_until: { type: 'string', format: 'date-time' } },
          }),
          ...signedInOnly,
          429: errorRef('TooManyAttempts'),
        },
      },
    }),
    methodRoute('post', '/auth/logout', logout, {
      doc: {
        responses: {
          200: jsonResponse('Signed out.', {
            type: 'object',
            properties: { signed_out: { const: true } },
          }),
        },
      },
    }),
    methodRoute('get', '/auth/me', me, {
      doc: {
        responses: {
          200: jsonResponse('The signed-in user, or null.', {
            type: 'object',
            properties: {
              user: { oneOf: [ref('User'), { type: 'null' }] },
              reenroll_required: { type: 'boolean' },
              reauthenticated_until: { type: ['string', 'null'], format: 'date-time' },
              failed_codes: {
                oneOf: [
                  {
                    type: 'object',
                    properties: {
                      count: { type: 'integer' },
                      last_at: { type: 'string', format: 'date-time' },
                    },
                  },
                  { type: 'null' },
                ],
              },
              sign_in_blocked_until: { type: ['string', 'null'], format: 'date-time' },
            },
          }),
        },
      },
    }),
    methodRoute('get', '/auth/sessions', sessions, {
      doc: {
        responses: {
          200: jsonResponse('Your sessions.', {
            type: 'object',
            properties: {
              sessions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    device: { type: 'string' },
                    ip: { type: ['string', 'null'] },
                    created_at: { type: 'string', format: 'date-time' },
                    last_seen_at: { type: 'string', format: 'date-time' },
                    expires_at: { type: 'string', format: 'date-time' },
                    current: { type: 'boolean' },
                  },
                },
              },
            },
          }),
          ...signedInOnly,
        },
      },
    }),
    methodRoute('delete', '/auth/sessions', endOtherSessions, {
      doc: {
        responses: {
          200: jsonResponse('The ids of the sessions ended.', {
            type: 'object',
            properties: { ended: { type: 'array', items: { type: 'string' } } },
          }),
          ...signedInOnly,
        },
      },
    }),
    methodRoute('delete', '/auth/sessions/:id', endSession, {
      doc: {
        responses: {
          200: jsonResponse('Ended.', { type: 'object' }),
          ...signedInOnly,
          404: errorRef('NotFound'),
        },
      },
    }),
    methodRoute('post', '/auth/recovery-codes', recoveryCodes, {
      doc: {
        responses: {
          200: jsonResponse('Ten new recovery codes, shown once.', {
            type: 'object',
            properties: { recovery_codes: { type: 'array', items: { type: 'string' } } },
          }),
          ...signedInOnly,
          429: errorRef('TooManyAttempts'),
        },
      },
    }),
    methodRoute('post', '/auth/authenticator', authenticatorBegin, {
      doc: {
        responses: {
          200: jsonResponse('The new authenticator’s enrolment data.', ref('Candidate')),
          ...signedInOnly,
        },
      },
    }),
    methodRoute('post', '/auth/authenticator/verify', authenticatorConfirm, {
      doc: {
        responses: {
          200: jsonResponse('Changed.', { type: 'object' }),
          ...signedInOnly,
          429: errorRef('TooManyAttempts'),
        },
      },
    }),
    methodRoute('post', '/setup', setupBegin, {
      doc: {
        responses: {
          200: jsonResponse('Enrolment data for the first admin.', ref('Candidate')),
          404: errorRef('NotFound'),
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('post', '/setup/verify', setupVerify, {
      doc: { responses: { ...signedIn, 404: errorRef('NotFound') } },
    }),
  ];
}
