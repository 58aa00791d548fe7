import { createTheme, getDisplayProcessor, FieldType, type Field } from '@grafana/data';
import { BarGauge, BarGaugeDisplayMode, BigValue, BigValueColorMode, BigValueGraphMode } from '@grafana/ui';
import { render } from '@testing-library/react';
import React from 'react';

import noc from '../../../dashboards/noc-overview.json';
import {
  displayedRange,
  drewColour,
  drawnColours,
  parseDisplayedValue,
  thresholdColourName,
  thresholdColourNames,
} from './thresholdColour.mjs';

const theme = createTheme();
const hex = (name: string) => theme.visualization.getColorByName(name);
/** jsdom has no structuredClone. */
const clone = <T,>(x: T): T => JSON.parse(JSON.stringify(x));
const pickupPanel = noc.panels.find((p) => p.title === 'Pickup rate')!;
const pickupThresholds = pickupPanel.fieldConfig.defaults.thresholds!;

/** What Grafana's display processor makes of a value with the panel's unit and thresholds. */
function display(value: number, thresholds = pickupThresholds, unit = 'percentunit') {
  const field: Field = {
    name: 'Value',
    type: FieldType.number,
    values: [value],
    config: { unit, thresholds: clone(thresholds) as never, color: { mode: 'thresholds' } },
  };
  field.config.thresholds!.steps[0].value = -Infinity;
  return getDisplayProcessor({ field, theme })(value);
}

/**
 * The background BigValue sets on its panel for a value. jsdom drops CSS gradients, so the value React
 * assigns is caught on its way in.
 */
function statBackground(value: number): string {
  const seen: string[] = [];
  const proto = CSSStyleDeclaration.prototype;
  const original = Object.getOwnPropertyDescriptor(proto, 'background')!;
  Object.defineProperty(proto, 'background', {
    configurable: true,
    get: original.get,
    set(v: string) {
      seen.push(v);
      original.set!.call(this, v);
    },
  });
  try {
    render(
      <BigValue
        theme={theme}
        width={200}
        height={100}
        value={display(value)}
        colorMode={BigValueColorMode.Background}
        graphMode={BigValueGraphMode.None}
      />
    );
  } finally {
    Object.defineProperty(proto, 'background', original);
  }
  expect(seen).toHaveLength(1);
  return seen[0];
}

describe('parseDisplayedValue', () => {
  it('reads the units the dashboards colour by', () => {
    expect(parseDisplayedValue('87.3%', 'percentunit')).toBeCloseTo(0.873);
    expect(parseDisplayedValue('1.25 hour', 's')).toBe(4500);
    expect(parseDisplayedValue('1 min', 's')).toBe(60);
    expect(parseDisplayedValue('14.5 mins', 's')).toBe(870);
    expect(parseDisplayedValue('1.20 K', 'short')).toBe(1200);
    expect(parseDisplayedValue('17', 'short')).toBe(17);
  });

  it('refuses text it cannot read rather than guessing', () => {
    expect(() => parseDisplayedValue('No data', 'short')).toThrow('is not a value in unit "short"');
    expect(() => parseDisplayedValue('12 GB', 'bytes')).toThrow('cannot read values in unit "bytes"');
    expect(() => parseDisplayedValue('12 hour', 'percentunit')).toThrow('is not a value');
  });
});

describe('displayedRange', () => {
  it('gives the values a printed text stands for, half its last digit either way', () => {
    const [low, high] = displayedRange('1.50 hours', 's');
    expect(low).toBeCloseTo(1.495 * 3600);
    expect(high).toBeCloseTo(1.505 * 3600);
    expect(displayedRange('17', 'short')).toEqual([16.5, 17.5]);
    const [pctLow, pctHigh] = displayedRange('87.3%', 'percentunit');
    expect(pctLow).toBeCloseTo(0.8725);
    expect(pctHigh).toBeCloseTo(0.8735);
  });
});

describe('thresholdColourNames', () => {
  // Time to callback: orange from an hour, red from 1.5 hours.
  const callbackSteps: typeof pickupThresholds = {
    mode: 'absolute' as typeof pickupThresholds.mode,
    steps: [
      { color: 'green', value: null },
      { color: 'orange', value: 3600 },
      { color: 'red', value: 5400 },
    ],
  };

  it('is the one colour of a value clear of every step', () => {
    expect(thresholdColourNames(callbackSteps, displayedRange('1.20 hours', 's'))).toEqual(['orange']);
    expect(thresholdColourNames(pickupThresholds, displayedRange('80%', 'percentunit'))).toEqual(['orange']);
  });

  it('is both colours of a text that a step lies within', () => {
    // Grafana prints 5,399 s (orange) and 5,400 s (red) alike: the text cannot tell them apart.
    for (const [seconds, colour] of [
      [5399, 'orange'],
      [5400, 'red'],
    ] as const) {
      const shown = display(seconds, callbackSteps, 's');
      expect(`${shown.text} ${shown.suffix?.trim()}`).toBe('1.50 hours');
      expect(shown.color).toBe(hex(colour));
    }
    expect(thresholdColourNames(callbackSteps, displayedRange('1.50 hours', 's'))).toEqual(['orange', 'red']);
  });
});

describe('thresholdColourName', () => {
  it('takes the last step at or below the value, null meaning minus infinity', () => {
    expect(thresholdColourName(pickupThresholds, 0.5)).toBe('red');
    expect(thresholdColourName(pickupThresholds, 0.7)).toBe('orange');
    expect(thresholdColourName(pickupThresholds, 0.849)).toBe('orange');
    expect(thresholdColourName(pickupThresholds, 0.85)).toBe('green');
  });

  it('places percentage steps between min and max', () => {
    const steps = {
      mode: 'percentage',
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 50 },
      ],
    };
    expect(thresholdColourName(steps, 40, { min: 0, max: 200 })).toBe('green');
    expect(thresholdColourName(steps, 100, { min: 0, max: 200 })).toBe('red');
    expect(() => thresholdColourName(steps, 1)).toThrow('need the field min and max');
  });

  it('agrees with Grafana’s display processor on every step of the NOC pickup rate', () => {
    for (const value of [0.1, 0.69, 0.7, 0.8, 0.85, 0.99]) {
      expect(hex(thresholdColourName(pickupThresholds, value))).toBe(display(value).color);
    }
  });
});

describe('drewColour', () => {
  it('matches the gradient BigValue draws for a stat coloured by thresholds', () => {
    const background = statBackground(0.8);
    const expected = hex(thresholdColourName(pickupThresholds, parseDisplayedValue('80%', 'percentunit')));
    expect(drewColour('stat-background', background, expected)).toBe(true);
  });

  it('fails when the panel’s thresholds would give another colour than the one drawn', () => {
    // Drawn with the dashboard's thresholds (orange at 80 %); checked against a mutated panel whose
    // orange step starts at 0.9: the check expects red and must reject the orange it sees.
    const background = statBackground(0.8);
    const mutated = clone(pickupThresholds);
    mutated.steps[1].value = 0.9;
    const expected = hex(thresholdColourName(mutated, 0.8));
    expect(expected).toBe(hex('red'));
    expect(drewColour('stat-background', background, expected)).toBe(false);
  });

  it('reads a BarGauge value’s text colour', () => {
    const value = display(0.5);
    const { getByTestId } = render(
      <BarGauge
        theme={theme}
        width={300}
        height={30}
        value={value}
        field={{ min: 0, max: 1, color: { mode: 'thresholds' as never }, thresholds: clone(pickupThresholds) as never }}
        orientation={'horizontal' as never}
        displayMode={BarGaugeDisplayMode.Gradient}
      />
    );
    const colour = getByTestId('data-testid Bar gauge value').style.color;
    expect(drewColour('text', colour, hex('red'))).toBe(true);
    expect(drewColour('text', colour, hex('orange'))).toBe(false);
  });

  it('describes a color-background table cell as a gradient ending in the colour', () => {
    const [, end] = drawnColours('cell-background', '#4575b4');
    expect(end).toEqual({ r: 0x45, g: 0x75, b: 0xb4, a: 1 });
    expect(drewColour('cell-background', 'linear-gradient(120deg, rgb(1, 2, 3), rgb(69, 117, 180))', '#4575b4')).toBe(
      false
    );
  });
});
