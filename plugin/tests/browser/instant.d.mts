export declare function officeMidday(now: number): number;
export declare function previewInstant(
  dashboard: { panels: Array<{ targets?: Array<{ metric?: string }> }> },
  collectorNow: number,
  catalogue: Array<{ name: string; source: string }>
): number;
