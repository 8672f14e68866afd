import assert from 'node:assert/strict';
import { generateSeats, rowLabels, validateLayout } from '../app/shared/layout.js';

describe('hall layouts', () => {
  it('generates rows with aisles, numbering direction and a curve', () => {
    const seats = generateSeats({
      rows: ['A', 'B'],
      seatsPerRow: 4,
      aislesAfter: [2],
      numbering: 'right_to_left',
    });
    assert.equal(seats.length, 8);
    assert.deepEqual(
      seats.filter((seat) => seat.row === 'A').map((seat) => [seat.number, seat.x]),
      [
        [4, 0],
        [3, 1],
        [2, 3],
        [1, 4],
      ],
      'numbered right to left, with a one-seat aisle after the second seat',
    );
    const curved = generateSeats({ rows: ['A'], seatsPerRow: 5, curve: 2 });
    assert.ok(
      curved[2]!.y > curved[0]!.y,
      'a curved row wraps around the stage: its ends come forward',
    );
    assert.deepEqual(rowLabels(3, 25), ['Z', 'AA', 'AB']);
  });

  it('accepts a generated layout and keeps what it needs', () => {
    const result = validateLayout({
      sections: [
        {
          name: 'Stalls',
          kind: 'seated',
          seats: generateSeats({ rows: rowLabels(3), seatsPerRow: 10 }),
        },
        {
          name: 'Floor',
          kind: 'general_admission',
          capacity: 500,
          area: { x: 0, y: 10, width: 20, height: 5 },
        },
      ],
    });
    assert.ok(!result.errors, JSON.stringify(result.errors));
    assert.equal(result.layout.sections[0]!.seats!.length, 30);
  });

  it('turns a block of rows into seats: letters or numbers, aisles, numbering, curve, offset', () => {
    const result = validateLayout({
      sections: [
        {
          name: 'Stalls',
          kind: 'seated',
          rows: {
            first_row: 'y',
            rows: 3,
            seats_per_row: 4,
            aisles_after: [2],
            numbering: 'right_to_left',
            curve: 1,
            x: 10,
            y: 5,
          },
        },
        {
          name: 'Circle',
          kind: 'seated',
          rows: { first_row: '7', rows: 2, seats_per_row: 3, y: 20 },
        },
      ],
    });
    assert.ok(!result.errors, JSON.stringify(result.errors));
    const [stalls, circle] = result.layout.sections;
    assert.deepEqual([...new Set(stalls!.seats!.map((seat) => seat.row))], ['Y', 'Z', 'AA']);
    assert.equal(stalls!.rows, undefined, 'stored as seats only');
    assert.deepEqual(
      stalls!.seats!.slice(0, 4).map((seat) => [seat.number, seat.x]),
      [
        [4, 10],
        [3, 11],
        [2, 13],
        [1, 14],
      ],
    );
    assert.ok(stalls!.seats![1]!.y > stalls!.seats![0]!.y, 'curved');
    assert.deepEqual(
      circle!.seats!.map((seat) => `${seat.row}-${seat.number}@${seat.y}`),
      ['7-1@20', '7-2@20', '7-3@20', '8-1@21', '8-2@21', '8-3@21'],
    );
  });

  it('names each wrong field of a block of rows', () => {
    const result = validateLayout({
      sections: [
        {
          name: 'Stalls',
          kind: 'seated',
          rows: {
            first_row: 'A-',
            rows: 0,
            seats_per_row: 500,
            aisles_after: [0],
            numbering: 'sideways',
            curve: -1,
            x: 'left',
          },
        },
      ],
    });
    assert.ok(result.errors);
    assert.deepEqual(Object.keys(result.errors).sort(), [
      'sections[0].rows.aisles_after',
      'sections[0].rows.curve',
      'sections[0].rows.first_row',
      'sections[0].rows.numbering',
      'sections[0].rows.rows',
      'sections[0].rows.seats_per_row',
      'sections[0].rows.x',
    ]);
    const overlap = validateLayout({
      sections: [
        { name: 'A', kind: 'seated', rows: { first_row: 'A', rows: 2, seats_per_row: 5 } },
        { name: 'B', kind: 'seated', rows: { first_row: 'A', rows: 1, seats_per_row: 5, x: 2 } },
      ],
    });
    assert.match(overlap.errors?.['sections[1].seats[0]'] ?? '', /overlaps seat A-3 of "A"/);
  });

  const cases: Array<[string, unknown, Record<string, RegExp>]> = [
    ['not an object', [], { layout: /"sections" list/ }],
    ['no sections', { sections: [] }, { sections: /at least one section/ }],
    [
      'an empty seated section',
      { sections: [{ name: 'Empty', kind: 'seated', seats: [] }] },
      { 'sections[0].seats': /at least one seat/ },
    ],
    [
      'a zero-capacity standing area',
      { sections: [{ name: 'Floor', kind: 'general_admission', capacity: 0 }] },
      { 'sections[0].capacity': /capacity from 1/ },
    ],
    [
      'duplicate section names',
      {
        sections: [
          { name: 'Floor', kind: 'general_admission', capacity: 5 },
          { name: 'floor', kind: 'general_admission', capacity: 5 },
        ],
      },
      { 'sections[1].name': /used by section 1 too/ },
    ],
    [
      'a duplicate seat label',
      {
        sections: [
          {
            name: 'Stalls',
            kind: 'seated',
            seats: [
              { row: 'A', number: 1, x: 0, y: 0 },
              { row: 'A', number: 1, x: 5, y: 0 },
            ],
          },
        ],
      },
      { 'sections[0].seats[1]': /seat A-1 appears twice in "Stalls"/ },
    ],
    [
      'overlapping seats, across sections',
      {
        sections: [
          { name: 'Left', kind: 'seated', seats: [{ row: 'A', number: 1, x: 0, y: 0 }] },
          { name: 'Right', kind: 'seated', seats: [{ row: 'A', number: 1, x: 0.3, y: 0.2 }] },
        ],
      },
      { 'sections[1].seats[0]': /seat A-1 of "Right" overlaps seat A-1 of "Left"/ },
    ],
    [
      'a seat without a position',
      { sections: [{ name: 'S', kind: 'seated', seats: [{ row: 'A', number: 1 }] }] },
      { 'sections[0].seats[0]': /needs x and y/ },
    ],
    [
      'a bad standing area',
      {
        sections: [
          {
            name: 'Floor',
            kind: 'general_admission',
            capacity: 10,
            area: { x: 1e308, y: 0, width: 5, height: 5 },
          },
        ],
      },
      { 'sections[0].area': /within ±2000/ },
    ],
    [
      'a huge seat number',
      {
        sections: [{ name: 'S', kind: 'seated', seats: [{ row: 'A', number: 1e12, x: 0, y: 0 }] }],
      },
      { 'sections[0].seats[0].number': /1 to 9999/ },
    ],
    [
      'too many seats',
      {
        sections: [
          {
            name: 'S',
            kind: 'seated',
            seats: Array.from({ length: 5001 }, (_, i) => ({
              row: 'A',
              number: i + 1,
              x: i,
              y: 0,
            })),
          },
        ],
      },
      { sections: /at most 5000 seats/ },
    ],
    [
      'an unknown kind',
      { sections: [{ name: 'S', kind: 'boxes' }] },
      { 'sections[0].kind': /"seated" or "general_admission"/ },
    ],
  ];
  for (const [what, layout, expected] of cases) {
    it(`rejects ${what} with a clear message`, () => {
      const result = validateLayout(layout);
      assert.ok(result.errors, 'rejected');
      for (const [key, message] of Object.entries(expected))
        assert.match(result.errors[key] ?? '', message, key);
    });
  }
});
