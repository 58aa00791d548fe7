// The dashboard preview test's colour check, worked out apart from Grafana's code: which threshold step
// a displayed value falls in (read from the panel JSON), and whether the colour a visualisation drew is
// that step's colour. Pure: the caller reads text and computed styles from the page.
import tinycolor from 'tinycolor2';

/**
 * Multipliers of the unit suffixes Grafana's value formats print (grafana-data valueFormats: short,
 * percent, toSeconds with toFixedScaled's plurals "mins", "hours"… above 1).
 */
const SUFFIXES = {
  short: { '': 1, K: 1e3, Mil: 1e6, Bil: 1e9, Tri: 1e12 },
  none: { '': 1 },
  percentunit: { '%': 0.01 },
  percent: { '%': 1 },
  s: {
    ms: 0.001,
    s: 1,
    min: 60,
    mins: 60,
    hour: 3600,
    hours: 3600,
    day: 86400,
    days: 86400,
    week: 604800,
    weeks: 604800,
    year: 31556900,
    years: 31556900,
  },
};

/**
 * The number a formatted value stands for, in the field's unit: "87.3%" with percentunit → 0.873,
 * "1.25 hour" with s → 4500, "1.2 K" with short → 1200.
 * @param {string} text
 * @param {string | undefined} unit
 */
export function parseDisplayedValue(text, unit = 'none') {
  const { digits, scale } = readDisplayed(text, unit);
  return Number(digits) * scale;
}

/** The printed number's digits (no thousands separators) and its suffix's multiplier. */
function readDisplayed(text, unit) {
  const suffixes = SUFFIXES[unit];
  if (!suffixes) {
    throw new Error(`the colour check cannot read values in unit "${unit}"`);
  }
  const match = /^\s*(-?[\d,]*\.?\d+)\s*(\S*)\s*$/.exec(text);
  if (!match || !(match[2] in suffixes)) {
    throw new Error(`"${text}" is not a value in unit "${unit}"`);
  }
  return { digits: match[1].replace(/,/g, ''), scale: suffixes[match[2]] };
}

/**
 * The values a formatted text may stand for: the number as printed, give or take half its last digit
 * ("1.50 hours" is anything from 1.495 to 1.505 hours). A value that close to a step shows the same
 * text on either side of it.
 * @param {string} text
 * @param {string | undefined} unit
 * @returns {[number, number]}
 */
export function displayedRange(text, unit = 'none') {
  const { digits, scale } = readDisplayed(text, unit);
  const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
  const half = 0.5 * 10 ** -decimals * scale;
  const value = Number(digits) * scale;
  return [value - half, value + half];
}

/**
 * The colour (as the panel JSON names it) of the step a value falls in: the last step whose value is at
 * most the value, the base step's null meaning minus infinity (grafana-data thresholds: absolute mode).
 * Percentage mode places the steps between min and max.
 * @param {{ mode: string, steps: Array<{ color: string, value: number | null }> }} thresholds
 * @param {number} value
 * @param {{ min?: number, max?: number }} [range]
 */
export function thresholdColourName(thresholds, value, range = {}) {
  if (!thresholds?.steps?.length) {
    throw new Error('the panel has no threshold steps');
  }
  let scaled = value;
  if (thresholds.mode === 'percentage') {
    if (range.min === undefined || range.max === undefined || range.max === range.min) {
      throw new Error('percentage thresholds need the field min and max');
    }
    scaled = ((value - range.min) / (range.max - range.min)) * 100;
  } else if (thresholds.mode !== 'absolute') {
    throw new Error(`unknown thresholds mode "${thresholds.mode}"`);
  }
  let colour = thresholds.steps[0].color;
  for (const step of thresholds.steps) {
    if (step.value === null || step.value === undefined || step.value <= scaled) {
      colour = step.color;
    }
  }
  return colour;
}

/**
 * The colours of every step a range of values reaches (one, unless a step lies inside it).
 * @param {{ mode: string, steps: Array<{ color: string, value: number | null }> }} thresholds
 * @param {[number, number]} values
 * @param {{ min?: number, max?: number }} [range]
 */
export function thresholdColourNames(thresholds, [low, high], range = {}) {
  const unscaled = (step) =>
    thresholds.mode === 'percentage' ? range.min + (step / 100) * (range.max - range.min) : step;
  const inside = thresholds.steps
    .filter((s) => s.value !== null && s.value !== undefined)
    .map((s) => unscaled(s.value))
    .filter((v) => v > low && v < high);
  return [...new Set([low, ...inside].map((v) => thresholdColourName(thresholds, v, range)))];
}

/** Every colour in a computed CSS value ("rgb(…)", "rgba(…)", "#…"), as {r, g, b, a}. */
export function coloursIn(css) {
  return (css.match(/rgba?\([^)]*\)|#[0-9a-fA-F]{3,8}\b/g) ?? []).map((c) => tinycolor(c).toRgb());
}

/**
 * The colours Grafana's visualisations draw for a value coloured `hex`, by what the check reads:
 * - `text`: the value's text colour (BarGauge value, Table color-text cell);
 * - `stat-background`: the BigValue panel's background gradient in a dark theme
 *   (grafana-ui BigValueLayout getPanelStyles: darken 15 spin 8, darken 5 spin -8);
 * - `cell-background`: a Table color-background (gradient) cell, which ends in the colour itself
 *   (grafana-ui Table cellUtils getCellColors: darken 10 spin 5, then the colour).
 * @param {'text' | 'stat-background' | 'cell-background'} kind
 * @param {string} hex
 */
export function drawnColours(kind, hex) {
  const base = tinycolor(hex);
  switch (kind) {
    case 'text':
      return [base.toRgb()];
    case 'stat-background':
      return [base.clone().darken(15).spin(8).toRgb(), base.clone().darken(5).spin(-8).toRgb()];
    case 'cell-background':
      return [base.clone().darken(10).spin(5).toRgb(), base.toRgb()];
    default:
      throw new Error(`unknown colour kind "${kind}"`);
  }
}

/** True when the colours read from the page are the ones drawn for `hex` (each channel within 1). */
export function drewColour(kind, css, hex) {
  const seen = coloursIn(css);
  const wanted = drawnColours(kind, hex);
  return (
    seen.length === wanted.length &&
    wanted.every(
      (w, i) =>
        Math.abs(w.r - seen[i].r) <= 1 &&
        Math.abs(w.g - seen[i].g) <= 1 &&
        Math.abs(w.b - seen[i].b) <= 1 &&
        Math.abs(w.a - seen[i].a) < 0.01
    )
  );
}
