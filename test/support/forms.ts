import assert from 'node:assert/strict';
import type TestAgent from 'supertest/lib/agent.js';

/** The CSRF token of the first form on a page. */
export const csrfOf = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page has a CSRF token');
  return token;
};

/** GETs a page and posts one of its forms with the page's CSRF token. */
export async function submit(
  agent: TestAgent,
  page: string,
  action: string,
  fields: Record<string, unknown>,
) {
  const html = (await agent.get(page).expect(200)).text;
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfOf(html), ...fields });
}
