import create from '../../methods/tokens/create.js';
import list from '../../methods/tokens/list.js';
import revoke from '../../methods/tokens/revoke.js';
import { methodRoute, type ApiRoute } from './route.js';
import { errorRef, jsonResponse, ref } from './schemas.js';

export function tokenRoutes(): ApiRoute[] {
  return [
    methodRoute('get', '/tokens', list, {
      doc: {
        responses: {
          200: jsonResponse('Your tokens.', {
            type: 'object',
            properties: { tokens: { type: 'array', items: ref('ApiToken') } },
          }),
          401: errorRef('Unauthenticated'),
          403: errorRef('Forbidden'),
        },
      },
    }),
    methodRoute('post', '/tokens', create, {
      status: 201,
      doc: {
        responses: {
          201: jsonResponse('Created; `secret` is shown only here.', {
            type: 'object',
            properties: { token: ref('ApiToken'), secret: { type: 'string' } },
          }),
          400: errorRef('BadRequest'),
          401: errorRef('Unauthenticated'),
          403: errorRef('Forbidden'),
        },
      },
    }),
    methodRoute('delete', '/tokens/:id', revoke, {
      doc: {
        responses: {
          200: jsonResponse('Revoked.', { type: 'object' }),
          401: errorRef('Unauthenticated'),
          403: errorRef('Forbidden'),
          404: errorRef('NotFound'),
        },
      },
    }),
  ];
}
