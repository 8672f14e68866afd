import assert from 'node:assert/strict';
import { summarise } from '../bench/report.js';

describe('the bench report', () => {
  const line = (baseline: number[]) => ({
    row: 'hold',
    label: 'what Seats adds',
    unit: 'ms',
    figures: [0.8, 0.9, 1.0],
    baseline: { label: 'what the goal leaves', figures: baseline },
  });

  it('gives a ratio against a baseline above zero', () => {
    assert.equal(summarise(line([0.4, 0.5, 0.6])).ratio, 0.9 / 0.5);
  });

  // A budget already spent: a negative ratio would read as far under it.
  it('gives no ratio against a baseline at or below zero', () => {
    assert.equal(summarise(line([-0.1, -0.05, 0.02])).ratio, null);
    assert.equal(summarise(line([0, 0, 0])).ratio, null);
  });
});
