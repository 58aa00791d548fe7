export interface Thresholds {
  mode: string;
  steps: Array<{ color: string; value: number | null }>;
}
export type ColourKind = 'text' | 'stat-background' | 'cell-background';
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}
export declare function parseDisplayedValue(text: string, unit?: string): number;
export declare function thresholdColourName(
  thresholds: Thresholds,
  value: number,
  range?: { min?: number; max?: number }
): string;
export declare function displayedRange(text: string, unit?: string): [number, number];
export declare function thresholdColourNames(
  thresholds: Thresholds,
  values: [number, number],
  range?: { min?: number; max?: number }
): string[];
export declare function coloursIn(css: string): Rgba[];
export declare function drawnColours(kind: ColourKind, hex: string): Rgba[];
export declare function drewColour(kind: ColourKind, css: string, hex: string): boolean;
