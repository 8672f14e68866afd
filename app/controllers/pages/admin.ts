import express, { type Router } from 'express';
import { toAppError } from '../../core/errors.js';
import { reauthenticatedUntil } from '../../core/session.js';
import type { MethodRegistry } from '../../methods/registry.js';
import search from '../../methods/users/search.js';
import setRole from '../../methods/users/set-role.js';
import { ROLES } from '../../shared/types.js';
import { call, formPost, redirectWith } from './forms.js';
import { renderPage } from './render.js';

/** /admin/users: find users and change their roles. */
export function adminPages(registry: MethodRegistry): Router {
  const router = express.Router();
  const searchUsers = registry.registered(search);
  const changeRole = registry.registered(setRole);

  router.get('/admin/users', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const result = await call(req, searchUsers, { q, page: req.query.page ?? 1 });
    renderPage(res, 'admin-users', {
      title: 'Users and roles',
      q,
      roles: ROLES,
      ...result,
      errors: {},
      back: req.originalUrl,
      // Role changes are access changes: they need a code from the last few minutes.
      reauthenticated: reauthenticatedUntil(req.session?.auth?.verified_at) !== null,
    });
  });

  formPost(router, '/admin/users/:id/role', async (req, res) => {
    const back = `/admin/users?q=${encodeURIComponent(String(req.body.q ?? ''))}`;
    try {
      const { user } = (await call(req, changeRole, {
        id: req.params.id,
        role: req.body.role,
      })) as { user: { username: string; role: string } };
      redirectWith(req, res, back, {
        kind: 'success',
        text: `${user.username} is now ${user.role}.`,
      });
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code === 'UNAUTHENTICATED' || error.status >= 500) throw raw;
      redirectWith(req, res, back, { kind: 'error', text: error.message });
    }
  });

  return router;
}
