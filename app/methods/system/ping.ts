import { defineMethod } from '../define.js';

export interface PingInput {
  echo?: string;
}

export interface PingResult {
  pong: true;
  echo: string | null;
  server_time: string;
  signed_in_as: string | null;
}

/** Answers with the server's time and the caller's words: proof that a transport works end to end. */
export default defineMethod<PingInput, PingResult>({
  type: 'system.ping',
  summary: 'Check that the server answers, optionally echoing a short text back.',
  access: 'anyone',
  scope: 'read',
  input: {
    echo: {
      optional: true,
      isString: { errorMessage: 'must be text' },
      trim: true,
      isLength: { options: { max: 200 }, errorMessage: 'must be at most 200 characters' },
    },
  },
  async run(ctx, input) {
    return {
      pong: true,
      echo: input.echo ?? null,
      server_time: new Date().toISOString(),
      signed_in_as: ctx.actor?.username ?? null,
    };
  },
});
