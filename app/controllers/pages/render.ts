import type { Response } from 'express';

export interface FlashMessage {
  kind: 'success' | 'info' | 'error';
  text: string;
}

export interface PageLocals {
  title: string;
  flash?: FlashMessage[];
  [name: string]: unknown;
}

/** Renders `pages/<view>` inside the site layout. */
export function renderPage(res: Response, view: string, locals: PageLocals, status = 200): void {
  res.render(`pages/${view}`, locals, (error: Error | null, body?: string) => {
    if (error) return res.req.next!(error);
    res.status(status).render('layout', { ...locals, body });
  });
}
