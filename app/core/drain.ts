import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A stopping node's last moments over HTTP (docs/operations.md): for `graceMs` it keeps
 * serving while `/api/health` answers 503 and every answer closes its connection, so a
 * load balancer moves clients away and none keeps a connection that is about to be cut;
 * then it stops taking connections and closes each one as it falls idle.
 */
export class Drain {
  #draining = false;
  readonly #answering = new Set<ServerResponse>();
  /** Connections that have had a request, with how many answers each is writing. */
  readonly #kept = new Map<Socket, number>();

  get draining(): boolean {
    return this.#draining;
  }

  /** Follows the server's requests, so that answers already under way close too. */
  watch(server: HttpServer): void {
    // First of the request listeners, so an answer written at once still closes.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      if (!this.#kept.has(socket)) socket.once('close', () => this.#kept.delete(socket));
      this.#kept.set(socket, (this.#kept.get(socket) ?? 0) + 1);
      res.once('close', () => {
        if (this.#kept.has(socket)) this.#kept.set(socket, this.#kept.get(socket)! - 1);
      });
      if (this.#draining) return closeAfter(res);
      this.#answering.add(res);
      res.once('close', () => this.#answering.delete(res));
    });
  }

  /**
   * Drains `server`; resolves once its last connection has closed. Connections still
   * open after `timeoutMs` are cut.
   */
  async close(server: HttpServer, graceMs: number, timeoutMs: number): Promise<void> {
    this.#draining = true;
    for (const res of this.#answering) closeAfter(res);
    if (!server.listening) return;
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs + timeoutMs);
    if (graceMs) await sleep(graceMs);
    // net's close, not http's: http.Server#close also closes every "idle" connection at
    // once, and a connection accepted a moment ago whose request is still unread counts
    // as idle, so that request would meet ECONNRESET. Every connection gets a short wait
    // for a request already sent on it to be read (its answer then closes it) before the
    // kept-alive ones still idle go: without a grace period, a busy client's next request
    // is often on its way when the stop comes.
    const closed = new Promise<void>((resolve) =>
      net.Server.prototype.close.call(server, () => resolve()),
    );
    await sleep(SETTLE_MS);
    for (const [socket, answering] of this.#kept) if (!answering) socket.destroy();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await closed;
    clearInterval(sweep);
    clearTimeout(deadline);
    // Now http's own close, for the timers it keeps while listening (it answers "not
    // running", which is so).
    server.close(() => {});
  }
}

/** Long enough for a request already sent on loopback or a LAN to be read. */
const SETTLE_MS = 250;

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
