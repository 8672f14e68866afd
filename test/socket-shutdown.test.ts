import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineMethod } from '../app/methods/define.js';
import { ALL_METHODS } from '../app/methods/index.js';
import { MethodRegistry } from '../app/methods/registry.js';
import { startTestApp } from './support/app.js';
import { connectSocket, nextMessage } from './support/socket.js';

describe('closing the server', () => {
  it('waits for socket messages already being handled', async () => {
    const events: string[] = [];
    const slow = defineMethod<Record<string, never>, { done: true }>({
      type: 'tests.slow',
      summary: 'Takes a while, like a method waiting on the database.',
      access: 'anyone',
      scope: 'read',
      input: {},
      async run() {
        events.push('method started');
        await sleep(300);
        events.push('method finished');
        return { done: true };
      },
    });
    const app = await startTestApp({ registry: new MethodRegistry([...ALL_METHODS, slow]) });
    const socket = await connectSocket(app.baseUrl);
    const started = nextMessage(socket, () => true, 1000).catch(() => undefined);
    socket.emit('message', { type: 'tests.slow', data: {}, eid: 'slow-1' });
    while (!events.includes('method started')) await sleep(10);

    await app.close();
    events.push('server closed');
    await started;
    socket.close();
    assert.deepEqual(events, ['method started', 'method finished', 'server closed']);
  });
});
