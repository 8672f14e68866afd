// The live seat map on an event page: seats change colour as others hold and buy them,
// and a signed-in buyer holds or releases a seat by clicking it (or Enter / Space on it),
// with a countdown of the hold. Without this script the page works as plain forms.
import { io } from 'socket.io-client';
import {
  LiveSeatMap,
  type SeatMapSnapshot,
  type SeatStatus,
} from '../../app/shared/live-seat-map.js';
import type { SeatChangeSet, ServerEnvelope } from '../../app/shared/socket-contract.js';
import { startCountdowns } from './countdown.js';

interface Hold {
  id: string;
  seat_ids: number[];
  sections: Array<{ section_id: number; quantity: number }>;
  expires_at: string;
  extensions_left: number;
}

const WORDS: Record<SeatStatus | 'mine', string> = {
  available: 'available',
  held: 'held by someone',
  booked: 'sold',
  mine: 'held for you',
};

const root = document.querySelector<HTMLElement>('[data-live-map]');
// A map whose seats cannot be named still goes live: its seats show their state and
// take clicks, unnamed.
if (root)
  void (root.dataset.compact === undefined ? Promise.resolve() : nameSeats(root))
    .catch(() => undefined)
    .then(() => start(root));

/**
 * A large hall's page draws bare circles (`s<id>`, state a/h/b) to stay light; they get
 * their labels, state classes and keyboard focus here, from the cached seat map JSON.
 */
async function nameSeats(root: HTMLElement): Promise<void> {
  // Each circle is a seat the live map can paint and click even before, or without,
  // its name.
  const STATES: Record<string, SeatStatus> = { a: 'available', h: 'held', b: 'booked' };
  for (const circle of root.querySelectorAll<SVGCircleElement>('circle[id^="s"]')) {
    circle.dataset.seatId = circle.id.slice(1);
    circle.setAttribute(
      'class',
      `seat seat--${STATES[circle.getAttribute('class') ?? ''] ?? 'available'}`,
    );
  }
  const labels = new Map(
    (
      JSON.parse(root.dataset.labels ?? '[]') as Array<{ id: number; name: string; price: string }>
    ).map((section) => [section.id, section]),
  );
  const res = await fetch(`/api/events/${root.dataset.eventId}/seats`);
  if (!res.ok) return;
  const map = (await res.json()) as {
    seats: Array<{
      id: number;
      section_id: number;
      row: string;
      number: number;
      accessible: boolean;
      status: SeatStatus;
    }>;
  };
  for (const seat of map.seats) {
    const circle = document.getElementById(`s${seat.id}`);
    const section = labels.get(seat.section_id);
    if (!circle || !section) continue;
    circle.dataset.seatId = String(seat.id);
    circle.dataset.label = `${section.name}, row ${seat.row}, seat ${seat.number}, ${section.price}${seat.accessible ? ', wheelchair space' : ''}`;
    circle.setAttribute('class', `seat seat--${seat.status}`);
    circle.setAttribute('tabindex', '0');
    circle.setAttribute('role', 'img');
    circle.setAttribute('aria-label', `${circle.dataset.label}, ${WORDS[seat.status]}`);
  }
}

function start(root: HTMLElement): void {
  const eventId = Number(root.dataset.eventId);
  const canHold = root.dataset.signedIn === 'yes';
  const status = document.querySelector<HTMLElement>('[data-live-status]');
  const panel = document.querySelector<HTMLElement>('[data-hold-panel]');
  const map = new LiveSeatMap();
  let hold = JSON.parse(root.dataset.hold ?? 'null') as Hold | null;
  const mine = () => new Set(hold?.seat_ids ?? []);

  const refreshCountdowns = startCountdowns();
  root.classList.add('seat-map--live');
  const list = document.querySelector<HTMLDetailsElement>('[data-seat-list]');
  if (list) list.open = false;

  const socket = io({ transports: ['websocket', 'polling'] });
  let eid = 0;
  const send = (type: string, data: Record<string, unknown>) =>
    new Promise<ServerEnvelope>((resolve) =>
      socket.emit(
        'message',
        { type, data, eid: `${Date.now()}-${++eid}`, ts: Date.now() },
        resolve,
      ),
    );

  function paint(seatId: number): void {
    const seat = root.querySelector<SVGElement>(`[data-seat-id="${seatId}"]`);
    const state = map.seats.get(seatId);
    if (!seat || !state) return;
    const own = mine().has(seatId) && state === 'held';
    seat.setAttribute('class', `seat seat--${state}${own ? ' seat--mine' : ''}`);
    const label = `${seat.dataset.label}, ${WORDS[own ? 'mine' : state]}`;
    seat.setAttribute('aria-label', label);
    const title = seat.querySelector('title');
    if (title) title.textContent = label;
    if (canHold) seat.setAttribute('aria-pressed', String(own));
    const box = document.querySelector<HTMLInputElement>(`[data-seat-box="${seatId}"]`);
    if (box) {
      box.checked = own;
      box.disabled = own || state !== 'available';
    }
  }

  function paintAll(): void {
    for (const seatId of map.seats.keys()) paint(seatId);
    for (const sectionId of map.sections.keys()) paintSection(sectionId);
  }

  /** The places left in a section, in the prices table. */
  function paintSection(sectionId: number): void {
    const cell = document.querySelector(`[data-section-left="${sectionId}"]`);
    if (cell) cell.textContent = String(map.sections.get(sectionId));
  }

  function showHold(next: Hold | null): void {
    const before = mine();
    hold = next && (next.seat_ids.length || next.sections.length) ? next : null;
    for (const seatId of new Set([...before, ...mine()])) paint(seatId);
    if (!panel) return;
    panel.hidden = !hold;
    if (!hold) return;
    for (const form of panel.querySelectorAll<HTMLFormElement>('form[data-hold-action]'))
      form.action = `/holds/${hold.id}/${form.dataset.holdAction}`;
    const time = panel.querySelector<HTMLTimeElement>('time[data-countdown]')!;
    time.dateTime = hold.expires_at;
    refreshCountdowns();
    const labels = hold.seat_ids.map((seatId) => {
      const label =
        root.querySelector<SVGElement>(`[data-seat-id="${seatId}"]`)?.dataset.label ?? '';
      return label.split(', ').slice(0, 3).join(', ');
    });
    panel
      .querySelector('[data-hold-places]')!
      .replaceChildren(
        ...labels.map((text) => Object.assign(document.createElement('li'), { textContent: text })),
        ...hold.sections.map((part) =>
          Object.assign(document.createElement('li'), { textContent: `${part.quantity} standing` }),
        ),
      );
    panel.querySelector('[data-extensions-left]')!.textContent = String(hold.extensions_left);
  }

  async function subscribe(): Promise<void> {
    const reply = await send('events.subscribe', { event_id: eventId });
    if (reply.error) return;
    const snapshot = reply.data as SeatMapSnapshot & { hold: Hold | null };
    map.load(snapshot);
    root.dataset.version = String(map.version);
    paintAll();
    if (canHold) showHold(snapshot.hold);
  }

  socket.on('connect', () => void subscribe());
  socket.on('message', (message: ServerEnvelope) => {
    if (message.type === 'seats.changed') {
      const change = message.data as SeatChangeSet;
      if (change.event_id !== eventId) return;
      const result = map.apply(change);
      if (result === 'gap') {
        // Pushes that come while the snapshot is on its way wait for it, this one too.
        map.resync();
        map.apply(change);
        void subscribe();
      } else if (result === 'applied') {
        root.dataset.version = String(map.version);
        for (const seat of change.seats) paint(seat.id);
        for (const section of change.sections) paintSection(section.id);
      }
    } else if (
      message.type === 'holds.expired' &&
      hold &&
      (message.data as { hold_id: string }).hold_id === hold.id
    ) {
      showHold(null);
      say('Your hold ran out; its seats are free again.');
    }
  });

  function say(text: string): void {
    if (status) status.textContent = text;
  }

  async function toggle(seatId: number): Promise<void> {
    const own = mine().has(seatId);
    if (!own && map.seats.get(seatId) !== 'available') return;
    const reply = own
      ? await send('seats.release', { hold_id: hold!.id, seat_ids: [seatId] })
      : await send('seats.hold', { event_id: eventId, seat_ids: [seatId] });
    if (reply.error)
      return say(String((reply.data as { message?: string }).message ?? reply.error));
    const next = (reply.data as { hold: Hold & { status: string } }).hold;
    showHold(next.status === 'active' ? next : null);
    const seat = root.querySelector<SVGElement>(`[data-seat-id="${seatId}"]`);
    say(`${seat?.dataset.label ?? 'Seat'}: ${own ? 'released' : 'held for you'}.`);
  }

  if (canHold) {
    for (const seat of root.querySelectorAll<SVGElement>('[data-seat-id]'))
      seat.setAttribute('role', 'button');
    root.addEventListener('click', (event) => {
      const seat = (event.target as Element).closest<SVGElement>('[data-seat-id]');
      if (seat) void toggle(Number(seat.dataset.seatId));
    });
    root.addEventListener('keydown', (event) => {
      const seat = (event.target as Element).closest<SVGElement>('[data-seat-id]');
      if (!seat || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      void toggle(Number(seat.dataset.seatId));
    });
  }
}
