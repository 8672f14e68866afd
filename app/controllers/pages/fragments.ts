import type { Application } from 'express';

/** Rendered fragments, per object they were drawn from (a cached seat map) and variant. */
const drawn = new WeakMap<object, Map<string, string>>();

/**
 * Renders view `view` with `locals`, once per `source` object and `variant`: a seat map
 * of thousands of seats is drawn when its version moves, not for every page view.
 */
export async function cachedFragment(
  app: Application,
  source: object,
  variant: string,
  view: string,
  locals: Record<string, unknown>,
): Promise<string> {
  let variants = drawn.get(source);
  if (!variants) drawn.set(source, (variants = new Map()));
  const known = variants.get(variant);
  if (known !== undefined) return known;
  const html = await renderFragment(app, view, locals);
  variants.set(variant, html);
  return html;
}

/** Renders view `view` with `locals` (and the app's locals) to a string. */
export function renderFragment(
  app: Application,
  view: string,
  locals: Record<string, unknown>,
): Promise<string> {
  return new Promise<string>((resolve, reject) =>
    app.render(view, locals, (error: Error | null, out?: string) =>
      error ? reject(error) : resolve(out ?? ''),
    ),
  );
}
