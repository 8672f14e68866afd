// Plain GETs, each against Express hello-world at the same concurrency: the JSON routes'
// floor, and the 2,000-place event, anonymous and gzip as a browser asks: its HTML page,
// its seat map, and the seat map revalidated (304).
import type { BenchContext } from '../context.js';
import type { GetResult } from '../load/get.js';
import type { Line } from '../report.js';
import { getLoad, helloRuns, repeat, warnErrors, type Row } from './shared.js';

const HELLO = 'Express hello-world';
const kb = (bytes: number) => bytes / 1024;

async function measure(ctx: BenchContext, path: string, revalidate = false) {
  const seats = await ctx.server('seats');
  const runs = await repeat(ctx, () => getLoad(seats.url, path, ctx, revalidate));
  const hello = await helloRuns(ctx);
  for (const run of [...runs, ...hello]) warnErrors(path, run.errors);
  return { runs, hello };
}

const rate = (row: string, label: string, runs: GetResult[], hello: GetResult[]): Line => ({
  row,
  label,
  unit: 'req/s',
  figures: runs.map((run) => run.requestsPerSecond),
  baseline: { label: HELLO, figures: hello.map((run) => run.requestsPerSecond) },
  details: { runs },
});

export const page: Row = {
  id: 'page',
  async run(ctx) {
    const { runs, hello } = await measure(ctx, `/events/${ctx.fixture.eventId}`);
    return [
      rate('page', 'GET /events/:id (HTML, 2,000 places)', runs, hello),
      {
        row: 'page',
        label: 'GET /events/:id: p50',
        unit: 'ms',
        figures: runs.map((run) => run.latency?.p50 ?? NaN),
        baseline: { label: HELLO, figures: hello.map((run) => run.latency?.p50 ?? NaN) },
      },
      {
        row: 'page',
        label: 'GET /events/:id: decoded size',
        unit: 'KB',
        figures: runs.map((run) => kb(run.decodedBytes)),
      },
      {
        row: 'page',
        label: 'GET /events/:id: gzipped size',
        unit: 'KB',
        figures: runs.map((run) => kb(run.wireBytes)),
      },
    ];
  },
};

export const seatMap: Row = {
  id: 'seat-map',
  async run(ctx) {
    const path = `/api/events/${ctx.fixture.eventId}/seats`;
    const full = await measure(ctx, path);
    const revalidated = await measure(ctx, path, true);
    const first = full.runs[0]!;
    return [
      {
        ...rate('seat-map', 'GET /api/events/:id/seats (gzip)', full.runs, full.hello),
        details: { runs: full.runs, jsonKB: kb(first.decodedBytes), gzipKB: kb(first.wireBytes) },
      },
      rate(
        'seat-map',
        'GET /api/events/:id/seats, If-None-Match: 304',
        revalidated.runs,
        revalidated.hello,
      ),
    ];
  },
};

/**
 * The floor under every JSON route: `GET /api/system/ping`, which runs no SQL, through all
 * of Seats' middleware (security headers, request log, compression, routing, input
 * checks, the method layer). No route can answer faster than this share of hello-world.
 */
export const floor: Row = {
  id: 'floor',
  async run(ctx) {
    const { runs, hello } = await measure(ctx, '/api/system/ping');
    return [rate('floor', 'GET /api/system/ping (no SQL): the JSON floor', runs, hello)];
  },
};
