import { createDrafts } from '../../models/event-drafts.js';
import { loadEventViews } from '../../models/event-view.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';
import { date, eventFields, type EventFieldsInput } from './event-fields.js';

/** Several showings of one event at once (a film's week, a tour's dates): drafts sharing a series id. */
export default defineMethod<
  EventFieldsInput & { hall_id: number; showings: Array<{ starts_at: Date; ends_at: Date }> },
  object
>({
  type: 'events.create_series',
  summary: 'Create several showings of one event at once, as drafts sharing a series id.',
  access: ['organizer'],
  scope: 'write',
  input: {
    hall_id: id,
    showings: {
      isArray: { options: { min: 2, max: 52 }, errorMessage: 'must list 2 to 52 showings' },
    },
    'showings.*.starts_at': date(),
    'showings.*.ends_at': date(),
    ...eventFields,
  },
  async run(ctx, input) {
    const { hall_id, showings, prices = [], ...fields } = input;
    const events = await createDrafts(
      ctx.actor!,
      hall_id,
      fields,
      prices,
      showings,
      (index) => `showings[${index}].`,
    );
    const views = await loadEventViews(events);
    return {
      events: views.map((view) => presentEvent(view.event, view.hall, view.venue, view.prices)),
    };
  },
});
