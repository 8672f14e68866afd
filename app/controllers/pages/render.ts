import type { Response } from 'express';
import type { AppError } from '../../core/errors.js';

export interface FlashMessage {
  kind: 'success' | 'info' | 'error';
  text: string;
}

export interface PageLocals {
  title: string;
  flash?: FlashMessage[];
  [name: string]: unknown;
}

/**
 * Renders `pages/<view>` inside the site layout. A view that fails to render goes to
 * `onError`, by default the error handler.
 */
export function renderPage(
  res: Response,
  view: string,
  locals: PageLocals,
  status = 200,
  onError: (error: Error) => void = (error) => res.req.next!(error),
): void {
  pageHtml(res, view, locals).then((html) => res.status(status).send(html), onError);
}

/** The HTML of `pages/<view>` inside the site layout, with the flash messages pending. */
export function pageHtml(res: Response, view: string, locals: PageLocals): Promise<string> {
  const flash = [
    ...((res.locals.flash as FlashMessage[] | undefined) ?? []),
    ...(locals.flash ?? []),
  ];
  locals = { ...locals, flash };
  return new Promise((resolve, reject) =>
    res.render(`pages/${view}`, locals, (error: Error | null, body?: string) => {
      if (error) return reject(error);
      res.render('layout', { ...locals, body }, (layoutError: Error | null, html?: string) =>
        layoutError ? reject(layoutError) : resolve(html!),
      );
    }),
  );
}

/**
 * Renders a page with a form: as asked, or after an expected problem again, with its
 * message, the errors by field (the error's details unless given) and its status.
 */
export function renderForm(
  res: Response,
  view: string,
  locals: PageLocals,
  error?: AppError,
  errors: Record<string, unknown> = error?.details ?? {},
): void {
  renderPage(
    res,
    view,
    {
      ...locals,
      errors,
      flash: error ? [{ kind: 'error', text: error.message }] : [],
    },
    error ? error.status : 200,
  );
}
