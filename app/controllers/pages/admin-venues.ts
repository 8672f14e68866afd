import express, { type Request, type Response, type Router } from 'express';
import { AppError, toAppError } from '../../core/errors.js';
import hallsCreate from '../../methods/halls/create.js';
import hallsGet from '../../methods/halls/get.js';
import hallsUpdateLayout from '../../methods/halls/update-layout.js';
import type { MethodRegistry } from '../../methods/registry.js';
import venuesCreate from '../../methods/venues/create.js';
import venuesGetManaged from '../../methods/venues/get-managed.js';
import venuesListManaged from '../../methods/venues/list-managed.js';
import venuesUpdate from '../../methods/venues/update.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import {
  errorsForFields,
  layoutFromFields,
  SECTION_FIELDS,
  type SectionFields,
} from '../../shared/layout-form.js';
import { call, fieldText, formPost, handleForm, redirectWith } from './forms.js';
import { renderForm } from './render.js';

// Problems the form shows next to the fields; anything else goes to the error page.
const SHOWN = new Set<ErrorCode>(['VALIDATION_FAILED', 'FORBIDDEN', 'INVALID_STATE']);

type Body = Record<string, unknown>;

interface EditorForm {
  name: string;
  source: 'builder' | 'json';
  sections: SectionFields[];
  layout_json: string;
}

/**
 * The editor's fields as posted: sections by their form index (`sections[4][name]`, read
 * from the flat field names, so a removed section leaves a gap rather than renumbering
 * the rest), and the JSON to import.
 */
function editorForm(body: Body): EditorForm {
  const sections: SectionFields[] = [];
  for (const [key, value] of Object.entries(body)) {
    const match = /^sections\[(\d{1,3})\]\[(\w+)\]$/.exec(key);
    const field = match?.[2] as (typeof SECTION_FIELDS)[number] | undefined;
    if (!match || !field || !SECTION_FIELDS.includes(field)) continue;
    (sections[Number(match[1])] ??= {})[field] = fieldText(value);
  }
  return {
    name: fieldText(body.name),
    source: body.source === 'json' ? 'json' : 'builder',
    sections,
    layout_json: fieldText(body.layout_json),
  };
}

/**
 * The layout a form describes, and how to give its errors back to the form: the builder's
 * errors go to its fields, an import's stay keyed by where they are in the JSON.
 */
function layoutOf(form: EditorForm): {
  layout: unknown;
  fieldErrors: (e: Record<string, string>) => Record<string, string>;
} {
  if (form.source === 'builder') {
    const { layout, at } = layoutFromFields(form.sections);
    return { layout, fieldErrors: (errors) => errorsForFields(errors, at) };
  }
  try {
    return { layout: JSON.parse(form.layout_json), fieldErrors: (errors) => errors };
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', 'The layout is not valid JSON.', {
      layout_json: `is not valid JSON (${(error as Error).message})`,
    });
  }
}

/** /admin/venues and /admin/halls: venues, their halls, and the seat-layout editor. */
export function adminVenuePages(registry: MethodRegistry): Router {
  const router = express.Router();
  const m = {
    list: registry.registered(venuesListManaged),
    get: registry.registered(venuesGetManaged),
    create: registry.registered(venuesCreate),
    update: registry.registered(venuesUpdate),
    createHall: registry.registered(hallsCreate),
    getHall: registry.registered(hallsGet),
    updateLayout: registry.registered(hallsUpdateLayout),
  };

  async function renderVenues(req: Request, res: Response, form: Body = {}, error?: AppError) {
    const { venues } = (await call(req, m.list, {})) as { venues: Body[] };
    renderForm(res, 'admin/venues', { title: 'Venues and halls', venues, form }, error);
  }

  router.get('/admin/venues', (req, res) => renderVenues(req, res));

  formPost(
    router,
    '/admin/venues',
    handleForm(
      SHOWN,
      async (req, res) => {
        const { venue } = (await call(req, m.create, req.body)) as {
          venue: { id: number; name: string };
        };
        redirectWith(req, res, `/admin/venues/${venue.id}`, {
          kind: 'success',
          text: `${venue.name} is created. Add its halls next.`,
        });
      },
      (req, res, error) => renderVenues(req, res, req.body, error),
    ),
  );

  async function renderVenue(req: Request, res: Response, form?: Body, error?: AppError) {
    const { venue } = (await call(req, m.get, { id: req.params.id })) as { venue: Body };
    renderForm(
      res,
      'admin/venue',
      { title: String(venue.name), venue, form: form ?? venue },
      error,
    );
  }

  router.get('/admin/venues/:id', (req, res) => renderVenue(req, res));

  formPost(
    router,
    '/admin/venues/:id',
    handleForm(
      SHOWN,
      async (req, res) => {
        await call(req, m.update, { ...req.body, id: req.params.id });
        redirectWith(req, res, `/admin/venues/${req.params.id}`, {
          kind: 'success',
          text: 'The venue is saved.',
        });
      },
      (req, res, error) => renderVenue(req, res, req.body, error),
    ),
  );

  async function renderEditor(
    req: Request,
    res: Response,
    options: {
      hall?: Body;
      venue: Body;
      form: EditorForm;
      error?: AppError;
      fieldErrors?: Record<string, string>;
    },
  ) {
    const { error } = options;
    renderForm(
      res,
      'admin/hall',
      {
        title: options.hall ? `${String(options.hall.name)}: seat layout` : 'New hall',
        hall: options.hall ?? null,
        venue: options.venue,
        form: options.form,
        sectionFields: SECTION_FIELDS,
      },
      error,
      options.fieldErrors,
    );
  }

  const blankEditor = (source: EditorForm['source'], layout_json = ''): EditorForm => ({
    name: '',
    source,
    sections: [{ kind: 'seated', first_row: 'A', numbering: 'left_to_right', curve: '0' }],
    layout_json,
  });

  router.get('/admin/venues/:id/halls/new', async (req, res) => {
    const { venue } = (await call(req, m.get, { id: req.params.id })) as { venue: Body };
    await renderEditor(req, res, { venue, form: blankEditor('builder') });
  });

  /** Saves the layout a form describes, or shows the form again with what is wrong. */
  async function saveLayout(
    req: Request,
    res: Response,
    save: (layout: unknown, form: EditorForm) => Promise<string>,
    context: () => Promise<{ venue: Body; hall?: Body }>,
  ) {
    const form = editorForm(req.body as Body);
    let fieldErrors = (errors: Record<string, string>) => errors;
    try {
      const described = layoutOf(form);
      fieldErrors = described.fieldErrors;
      const to = await save(described.layout, form);
      redirectWith(req, res, to, { kind: 'success', text: 'The seat layout is saved.' });
    } catch (raw) {
      const error = toAppError(raw);
      if (!SHOWN.has(error.code)) throw raw;
      await renderEditor(req, res, {
        ...(await context()),
        form,
        error,
        fieldErrors: fieldErrors((error.details ?? {}) as Record<string, string>),
      });
    }
  }

  formPost(
    router,
    '/admin/venues/:id/halls',
    (req, res) =>
      saveLayout(
        req,
        res,
        async (layout, form) => {
          const { hall } = (await call(req, m.createHall, {
            venue_id: req.params.id,
            name: form.name,
            layout,
          })) as { hall: { id: number } };
          return `/admin/halls/${hall.id}`;
        },
        async () => (await call(req, m.get, { id: req.params.id })) as { venue: Body },
      ),
    { large: true },
  );

  async function hallWithVenue(req: Request) {
    const found = (await call(req, m.getHall, { id: req.params.id })) as {
      hall: Body & { venue_id: number };
      layout: unknown;
    };
    const { venue } = (await call(req, m.get, { id: found.hall.venue_id })) as { venue: Body };
    return { ...found, venue };
  }

  router.get('/admin/halls/:id', async (req, res) => {
    const { hall, venue, layout } = await hallWithVenue(req);
    await renderEditor(req, res, {
      hall,
      venue,
      form: blankEditor('json', JSON.stringify(layout, null, 2)),
    });
  });

  formPost(
    router,
    '/admin/halls/:id/layout',
    (req, res) =>
      saveLayout(
        req,
        res,
        async (layout) => {
          await call(req, m.updateLayout, { id: req.params.id, layout });
          return `/admin/halls/${req.params.id}`;
        },
        () => hallWithVenue(req),
      ),
    { large: true },
  );

  router.get('/admin/halls/:id/layout.json', async (req, res) => {
    const { hall, layout } = await hallWithVenue(req);
    const file = `${
      String(hall.name)
        .replace(/[^\w.-]+/g, '-')
        .toLowerCase() || 'hall'
    }-layout.json`;
    res.attachment(file).json(layout);
  });

  return router;
}
