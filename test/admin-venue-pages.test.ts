import assert from 'node:assert/strict';
import { Hall, Seat, Section, Venue } from '../app/models/index.js';
import { publishEvent } from '../app/models/event-publishing.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { buildEvent, buildHall } from './support/factories.js';
import { submit } from './support/forms.js';

const stalls = {
  'sections[0][kind]': 'seated',
  'sections[0][name]': 'Stalls',
  'sections[0][first_row]': 'A',
  'sections[0][rows]': '4',
  'sections[0][seats_per_row]': '10',
  'sections[0][aisles_after]': '5',
  'sections[0][numbering]': 'left_to_right',
  'sections[0][curve]': '1',
};

describe('manage pages: venues, halls and the layout editor', () => {
  const app = useTestApp();

  it('sends visitors to sign in and refuses customers', async () => {
    const visitor = app.current.http();
    const res = await visitor.get('/admin/venues').expect(303);
    assert.equal(res.headers.location, '/login?next=%2Fadmin%2Fvenues');
    const customer = newAgent(app.current);
    await signedInAs(customer);
    for (const page of ['/admin/venues', `/admin/venues/${(await buildHall()).venue.id}/halls/new`])
      assert.equal((await customer.get(page)).status, 403, page);
  });

  it('lists an organizer’s own venues only, and all of them for an admin', async () => {
    const organizer = newAgent(app.current);
    const user = await signedInAs(organizer, 'organizer');
    const mine = await buildHall({ createdBy: user.id });
    const theirs = await buildHall();
    const page = (await organizer.get('/admin/venues').expect(200)).text;
    assert.match(page, new RegExp(mine.venue.name));
    assert.doesNotMatch(page, new RegExp(`>${theirs.venue.name}<`));
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const all = (await admin.get('/admin/venues').expect(200)).text;
    assert.match(all, new RegExp(theirs.venue.name));
  });

  it('creates a venue and edits it through forms, showing field errors in place', async () => {
    const organizer = newAgent(app.current);
    await signedInAs(organizer, 'organizer');
    const nameless = await submit(organizer, '/admin/venues', '/admin/venues', { name: '' });
    assert.equal(nameless.status, 400);
    assert.match(nameless.text, /aria-invalid="true" aria-describedby="name-error"/);
    const badZone = await submit(organizer, '/admin/venues', '/admin/venues', {
      name: 'Nowhere',
      timezone: 'Mars/Base',
    });
    assert.equal(badZone.status, 400);
    assert.match(badZone.text, /IANA time zone/);
    assert.match(badZone.text, /value="Mars\/Base"/, 'the form keeps what was typed');
    const made = await submit(organizer, '/admin/venues', '/admin/venues', {
      name: 'Riverside Theatre',
      address: 'Quay 3',
      timezone: 'Europe/Lisbon',
    });
    assert.equal(made.status, 303);
    const venue = await Venue.findOne({ where: { name: 'Riverside Theatre' } });
    assert.equal(made.headers.location, `/admin/venues/${venue!.id}`);
    const saved = await submit(organizer, made.headers.location, made.headers.location, {
      name: 'Riverside Theatre',
      address: 'Quay 4',
      timezone: 'Europe/Lisbon',
    });
    assert.equal(saved.status, 303);
    await venue!.reload();
    assert.equal(venue!.address, 'Quay 4');
    const stranger = newAgent(app.current);
    await signedInAs(stranger, 'organizer');
    assert.equal((await stranger.get(made.headers.location)).status, 403);
    const refused = await submit(stranger, '/admin/venues', made.headers.location, {
      name: 'Taken over',
    });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /Only its organizer or an admin/);
  });

  it('builds a hall row by row, shows builder errors on their fields, and exports the layout', async () => {
    const organizer = newAgent(app.current);
    const user = await signedInAs(organizer, 'organizer');
    const { venue } = await buildHall({ createdBy: user.id });
    const editor = `/admin/venues/${venue.id}/halls/new`;
    assert.match((await organizer.get(editor).expect(200)).text, /layout-editor\.js\?v=/);

    const wrong = await submit(organizer, editor, `/admin/venues/${venue.id}/halls`, {
      name: 'Studio',
      source: 'builder',
      ...stalls,
      'sections[0][seats_per_row]': '0',
      'sections[2][kind]': 'general_admission',
      'sections[2][name]': 'Bar',
      'sections[2][capacity]': '0',
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /id="sections-0-seats_per_row"[^>]*aria-invalid="true"/);
    assert.match(wrong.text, /id="sections-2-capacity"[^>]*aria-invalid="true"/);
    assert.equal(await Hall.count({ where: { venue_id: venue.id, name: 'Studio' } }), 0);

    const made = await submit(organizer, editor, `/admin/venues/${venue.id}/halls`, {
      name: 'Studio',
      source: 'builder',
      ...stalls,
      'sections[1][kind]': 'seated',
      'sections[3][kind]': 'general_admission',
      'sections[3][name]': 'Bar',
      'sections[3][capacity]': '25',
      'sections[3][y]': '6',
      'sections[3][width]': '10',
      'sections[3][height]': '2',
    });
    assert.equal(made.status, 303, made.text);
    const hall = await Hall.findOne({ where: { venue_id: venue.id, name: 'Studio' } });
    assert.equal(made.headers.location, `/admin/halls/${hall!.id}`);
    const sections = await Section.findAll({
      where: { hall_id: hall!.id },
      order: [['position', 'ASC']],
    });
    assert.deepEqual(
      sections.map((section) => [section.name, section.kind, section.capacity]),
      [
        ['Stalls', 'seated', 40],
        ['Bar', 'general_admission', 25],
      ],
    );
    const page = (await organizer.get(made.headers.location).expect(200)).text;
    assert.match(page, /65 places in 2 sections/);

    const exported = await organizer.get(`/admin/halls/${hall!.id}/layout.json`).expect(200);
    assert.match(
      exported.headers['content-disposition'] ?? '',
      /attachment; filename=studio-layout\.json/,
    );
    assert.equal(exported.body.sections[0].seats.length, 40);
    const stranger = newAgent(app.current);
    await signedInAs(stranger, 'organizer');
    assert.equal((await stranger.get(`/admin/halls/${hall!.id}/layout.json`)).status, 403);
    assert.equal(
      (await app.current.http().get(`/admin/halls/${hall!.id}/layout.json`)).status,
      303,
    );
    assert.deepEqual(exported.body.sections[1], {
      name: 'Bar',
      kind: 'general_admission',
      capacity: 25,
      area: { x: 0, y: 6, width: 10, height: 2 },
    });
  });

  it('imports a layout as JSON, names its problems, and keeps a sold hall’s seats', async () => {
    const organizer = newAgent(app.current);
    const user = await signedInAs(organizer, 'organizer');
    const { hall } = await buildHall({ createdBy: user.id });
    const editor = `/admin/halls/${hall.id}`;
    const current = (await organizer.get(editor).expect(200)).text;
    assert.match(current, /&#34;sections&#34;/, 'the saved layout is in the JSON field');

    const notJson = await submit(organizer, editor, `${editor}/layout`, {
      source: 'json',
      layout_json: '{"sections": [',
    });
    assert.equal(notJson.status, 400);
    assert.match(notJson.text, /is not valid JSON/);
    const overlapping = await submit(organizer, editor, `${editor}/layout`, {
      source: 'json',
      layout_json: JSON.stringify({
        sections: [
          {
            name: 'Box',
            kind: 'seated',
            seats: [
              { row: 'A', number: 1, x: 0, y: 0 },
              { row: 'A', number: 1, x: 5, y: 0 },
              { row: 'A', number: 2, x: 0.2, y: 0 },
            ],
          },
        ],
      }),
    });
    assert.equal(overlapping.status, 400);
    assert.match(overlapping.text, /seat A-1 appears twice in &#34;Box&#34;/);
    assert.match(overlapping.text, /seat A-2 of &#34;Box&#34; overlaps seat A-1/);
    const empty = await submit(organizer, editor, `${editor}/layout`, {
      source: 'json',
      layout_json: JSON.stringify({
        sections: [
          { name: 'Void', kind: 'seated', seats: [] },
          { name: 'Pit', kind: 'general_admission', capacity: 0 },
        ],
      }),
    });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /a seated section needs at least one seat/);
    assert.match(empty.text, /a standing area needs a capacity from 1/);

    const replaced = await submit(organizer, editor, `${editor}/layout`, {
      source: 'json',
      layout_json: JSON.stringify({
        sections: [{ name: 'Box', kind: 'seated', seats: [{ row: 'A', number: 1, x: 0, y: 0 }] }],
      }),
    });
    assert.equal(replaced.status, 303);
    const sections = await Section.findAll({ where: { hall_id: hall.id } });
    assert.deepEqual(
      sections.map((section) => section.name),
      ['Box'],
    );

    const { event } = await buildEvent({ hall, createdBy: user.id });
    await publishEvent(event.id, () => {});
    const refused = await submit(organizer, editor, `${editor}/layout`, {
      source: 'builder',
      ...stalls,
    });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /published events, so its seats cannot change/);
    assert.equal(await Seat.count({ where: { section_id: sections[0]!.id } }), 1);
  });
});
