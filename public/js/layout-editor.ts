// The seat-layout editor: adds and removes sections, and draws a live preview of the
// layout the form describes, checked by the same rules the server applies on save.
import { validateLayout, type HallLayout } from '../../app/shared/layout.js';
import {
  layoutFromFields,
  SECTION_FIELDS,
  type SectionFields,
} from '../../app/shared/layout-form.js';

const SVG = 'http://www.w3.org/2000/svg';
const form = document.querySelector<HTMLFormElement>('#layout-editor')!;
const sectionsBox = form.querySelector<HTMLElement>('[data-sections]')!;
const template = form.querySelector<HTMLTemplateElement>('#section-template')!;
const preview = form.querySelector<SVGSVGElement>('[data-preview]')!;
const summary = form.querySelector<HTMLElement>('[data-preview-summary]')!;
const errorList = form.querySelector<HTMLElement>('[data-preview-errors]')!;
const jsonField = form.querySelector<HTMLTextAreaElement>('[name="layout_json"]')!;
let current: HallLayout | null = null;

for (const element of form.querySelectorAll<HTMLElement>(
  '[data-add-buttons], [data-remove], [data-file], [data-export]',
))
  element.hidden = false;

const source = () =>
  (form.querySelector<HTMLInputElement>('[name="source"]:checked')?.value ?? 'builder') as
    'builder' | 'json';

function showPanels(): void {
  for (const panel of form.querySelectorAll<HTMLElement>('[data-panel]'))
    panel.hidden = panel.dataset.panel !== source();
}

function showKindFields(section: HTMLElement): void {
  const kind = section.querySelector<HTMLSelectElement>('[data-field="kind"]')!.value;
  section.dataset.kind = kind;
  for (const group of section.querySelectorAll<HTMLElement>('[data-only]'))
    group.hidden = group.dataset.only !== kind;
}

function numberSections(): void {
  sectionsBox.querySelectorAll<HTMLElement>('[data-section]').forEach((section, position) => {
    for (const label of section.querySelectorAll('[data-section-number]'))
      label.textContent = String(position + 1);
  });
}

function addSection(kind: string): void {
  const indexes = [...sectionsBox.querySelectorAll<HTMLElement>('[data-section]')].map((section) =>
    Number(section.dataset.section),
  );
  const index = String(indexes.length ? Math.max(...indexes) + 1 : 0);
  const html = template.innerHTML.replaceAll('__index__', index);
  sectionsBox.insertAdjacentHTML('beforeend', html);
  const section = sectionsBox.lastElementChild as HTMLElement;
  section.querySelector<HTMLSelectElement>('[data-field="kind"]')!.value = kind;
  for (const element of section.querySelectorAll<HTMLElement>('[data-remove]'))
    element.hidden = false;
  showKindFields(section);
  numberSections();
  section.querySelector<HTMLInputElement>(`[name="sections[${index}][name]"]`)!.focus();
}

function builderLayout(): unknown {
  const sections: SectionFields[] = [];
  for (const section of sectionsBox.querySelectorAll<HTMLElement>('[data-section]')) {
    const index = Number(section.dataset.section);
    const fields: SectionFields = {};
    for (const field of SECTION_FIELDS) {
      const input = form.elements.namedItem(`sections[${index}][${field}]`);
      if (input instanceof HTMLInputElement || input instanceof HTMLSelectElement)
        fields[field] = input.value;
    }
    sections[index] = fields;
  }
  return layoutFromFields(sections).layout;
}

function svg(
  name: string,
  attributes: Record<string, string | number>,
  parent: Element,
): SVGElement {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent.append(element);
  return element;
}

function draw(layout: HallLayout): void {
  preview.replaceChildren();
  const points: Array<[number, number]> = [];
  for (const section of layout.sections) {
    for (const seat of section.seats ?? []) points.push([seat.x, seat.y]);
    if (section.area)
      points.push(
        [section.area.x, section.area.y],
        [section.area.x + section.area.width, section.area.y + section.area.height],
      );
  }
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const minX = Math.min(0, ...xs) - 2;
  const maxX = Math.max(1, ...xs) + 1;
  const minY = Math.min(0, ...ys) - 3;
  const maxY = Math.max(1, ...ys) + 1;
  preview.setAttribute('viewBox', `${minX} ${minY} ${maxX - minX} ${maxY - minY}`);
  svg(
    'rect',
    {
      x: minX + 2,
      y: minY + 0.5,
      width: maxX - minX - 3,
      height: 1,
      rx: 0.3,
      class: 'seat-map__stage',
    },
    preview,
  );
  svg(
    'text',
    {
      x: (minX + maxX) / 2 + 0.5,
      y: minY + 1.2,
      'text-anchor': 'middle',
      class: 'seat-map__stage-label',
    },
    preview,
  ).textContent = 'Stage';
  layout.sections.forEach((section, index) => {
    const group = svg('g', { class: `preview-section preview-section--${index % 6}` }, preview);
    svg('title', {}, group).textContent = section.name;
    if (section.area) {
      svg('rect', { ...section.area, rx: 0.5, class: 'preview-area' }, group);
      svg(
        'text',
        {
          x: section.area.x + section.area.width / 2,
          y: section.area.y + section.area.height / 2,
          'text-anchor': 'middle',
          'dominant-baseline': 'middle',
          class: 'preview-label',
        },
        group,
      ).textContent = `${section.name} · ${section.capacity}`;
    }
    const rowStarts = new Map<string, { x: number; y: number }>();
    for (const seat of section.seats ?? []) {
      svg('circle', { cx: seat.x, cy: seat.y, r: 0.4 }, group);
      const start = rowStarts.get(seat.row);
      if (!start || seat.x < start.x) rowStarts.set(seat.row, { x: seat.x, y: seat.y });
    }
    for (const [row, start] of rowStarts)
      svg(
        'text',
        { x: start.x - 0.8, y: start.y + 0.25, 'text-anchor': 'end', class: 'preview-row' },
        group,
      ).textContent = row;
  });
}

function render(): void {
  let raw: unknown;
  if (source() === 'builder') raw = builderLayout();
  else {
    try {
      raw = JSON.parse(jsonField.value);
    } catch {
      return showProblems({ layout_json: 'is not valid JSON yet' });
    }
  }
  const checked = validateLayout(raw);
  if (checked.errors) return showProblems(checked.errors);
  current = checked.layout;
  errorList.replaceChildren();
  preview.classList.remove('is-stale');
  const seats = current.sections.reduce((sum, section) => sum + (section.seats?.length ?? 0), 0);
  const standing = current.sections.reduce(
    (sum, section) => sum + (section.kind === 'general_admission' ? (section.capacity ?? 0) : 0),
    0,
  );
  const count = current.sections.length;
  summary.textContent = `${seats} seats${standing ? ` and ${standing} standing places` : ''} in ${count} section${count === 1 ? '' : 's'}.`;
  draw(current);
}

function showProblems(errors: Record<string, string>): void {
  preview.classList.add('is-stale');
  summary.textContent = 'The layout has problems; the preview shows the last good one.';
  errorList.replaceChildren(
    ...Object.entries(errors).map(([key, message]) => {
      const item = document.createElement('li');
      const sectionIndex = /^sections\[(\d+)\]\.?(.*)$/.exec(key);
      item.textContent = sectionIndex
        ? `Section ${Number(sectionIndex[1]) + 1}${sectionIndex[2] ? ` (${sectionIndex[2].replace(/^rows\./, '').replaceAll('_', ' ')})` : ''}: ${message}`
        : `${key.replaceAll('_', ' ')}: ${message}`;
      return item;
    }),
  );
}

let pending = 0;
const schedule = () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(render);
};

form.addEventListener('input', schedule);
form.addEventListener('change', (event) => {
  const target = event.target as HTMLElement;
  if (target.matches('[name="source"]')) showPanels();
  if (target.matches('[data-field="kind"]')) showKindFields(target.closest('[data-section]')!);
  schedule();
});
form.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[type="button"]');
  if (!button) return;
  if (button.dataset.add) addSection(button.dataset.add);
  else if (button.hasAttribute('data-remove')) {
    button.closest('[data-section]')!.remove();
    numberSections();
    // The button is gone: keep the keyboard where the sections are.
    form.querySelector<HTMLButtonElement>('[data-add]')!.focus();
  } else if (button.hasAttribute('data-export') && current) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(
      new Blob([JSON.stringify(current, null, 2)], { type: 'application/json' }),
    );
    link.download = 'layout.json';
    link.click();
    URL.revokeObjectURL(link.href);
  }
  schedule();
});
form.querySelector<HTMLInputElement>('#layout-file')!.addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  jsonField.value = await file.text();
  form.querySelector<HTMLInputElement>('[name="source"][value="json"]')!.checked = true;
  showPanels();
  schedule();
});

for (const section of sectionsBox.querySelectorAll<HTMLElement>('[data-section]'))
  showKindFields(section);
showPanels();
render();
