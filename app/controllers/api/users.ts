import search from '../../methods/users/search.js';
import setRole from '../../methods/users/set-role.js';
import { methodRoute, type ApiRoute } from './route.js';
import { errorRef, jsonResponse, ref } from './schemas.js';

const adminOnly = { 401: errorRef('Unauthenticated'), 403: errorRef('Forbidden') };

export function userRoutes(): ApiRoute[] {
  return [
    methodRoute('get', '/users', search, {
      doc: {
        responses: {
          200: jsonResponse('Matching users.', {
            type: 'object',
            properties: {
              users: { type: 'array', items: ref('User') },
              page: { type: 'integer' },
              total: { type: 'integer' },
            },
          }),
          ...adminOnly,
        },
      },
    }),
    methodRoute('put', '/users/:id/role', setRole, {
      doc: {
        responses: {
          200: jsonResponse('The user with the new role.', {
            type: 'object',
            properties: { user: ref('User') },
          }),
          400: errorRef('BadRequest'),
          ...adminOnly,
          404: errorRef('NotFound'),
        },
      },
    }),
  ];
}
