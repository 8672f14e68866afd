import { createDrafts } from '../../models/event-drafts.js';
import { loadEventView } from '../../models/event-view.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';
import { date, eventFields, type EventFieldsInput } from './event-fields.js';

/** A draft event in a hall, with a price per section (all of them, before it can be published). */
export default defineMethod<
  EventFieldsInput & { hall_id: number; starts_at: Date; ends_at: Date },
  object
>({
  type: 'events.create',
  summary: 'Create a draft event in a hall, with prices per section (organizers and admins).',
  access: ['organizer'],
  scope: 'write',
  input: { hall_id: id, starts_at: date(), ends_at: date(), ...eventFields },
  async run(ctx, input) {
    const { hall_id, starts_at, ends_at, prices = [], ...fields } = input;
    const [event] = await createDrafts(
      ctx.actor!,
      hall_id,
      fields,
      prices,
      [{ starts_at, ends_at }],
      () => '',
    );
    const view = await loadEventView(event!);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
