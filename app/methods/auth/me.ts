import { defineMethod } from '../define.js';

export default defineMethod<Record<string, never>, object>({
  type: 'auth.me',
  summary: 'Who is signed in: {user} or {user: null}.',
  access: 'anyone',
  input: {},
  async run(ctx) {
    if (!ctx.actor) return { user: null };
    return { user: ctx.actor, reenroll_required: ctx.auth.reenrollRequired() };
  },
});
