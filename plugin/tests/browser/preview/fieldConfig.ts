/**
 * What Grafana does to a panel's query result before a visualisation draws it: the panel's
 * transformations, then its field config (defaults and overrides) with applyFieldOverrides
 * (public/app/features/query/state/PanelQueryRunner.ts getProcessedDataFrames → transformations, then
 * applyFieldOverrides in the panel's render).
 */
import {
  applyFieldOverrides,
  FieldConfigOptionsRegistry,
  standardTransformers,
  standardTransformersRegistry,
  transformDataFrame,
  type DataFrame,
  type DataTransformerConfig,
  type FieldConfigPropertyItem,
  type FieldConfigSource,
  type GrafanaTheme2,
  type InterpolateFunction,
} from '@grafana/data';
import { lastValueFrom } from 'rxjs';

// Grafana core registers the transformers of @grafana/data at start-up
// (public/app/features/transformers/standardTransformers.ts); only their operators matter here. Some
// are listed under two names (seriesToColumns is joinByField): one entry per id.
standardTransformersRegistry.setInit(() =>
  [...new Map(Object.values(standardTransformers).map((info) => [info.id, info])).values()].map((info) => ({
    id: info.id,
    name: info.name,
    editor: () => null,
    imageDark: '',
    imageLight: '',
    transformation: () => Promise.resolve(info),
  }))
);

/** The standard field config properties the dashboards set (grafana public/app/core/components/OptionsUI/registry.tsx). */
const STANDARD = [
  'unit',
  'min',
  'max',
  'decimals',
  'displayName',
  'noValue',
  'thresholds',
  'mappings',
  'color',
  'links',
];

function property(id: string, path: string, isCustom: boolean): FieldConfigPropertyItem {
  return {
    id,
    path,
    name: id,
    isCustom,
    // Copies: applyFieldOverrides' validateFieldConfig rewrites a base step's null as -Infinity in place.
    process: (value: unknown) => (value == null ? value : JSON.parse(JSON.stringify(value))),
    shouldApply: () => true,
    override: () => null,
    editor: () => null,
  } as unknown as FieldConfigPropertyItem;
}

/**
 * The registry applyFieldOverrides reads: Grafana's standard properties, and as custom properties
 * whatever the panel sets under `custom` (each panel plugin registers its own).
 */
export function fieldConfigRegistry(fieldConfig: FieldConfigSource): FieldConfigOptionsRegistry {
  const custom = new Set([
    ...Object.keys(fieldConfig.defaults.custom ?? {}),
    ...fieldConfig.overrides.flatMap((o) =>
      o.properties.filter((p) => p.id.startsWith('custom.')).map((p) => p.id.slice('custom.'.length))
    ),
  ]);
  return new FieldConfigOptionsRegistry(() => [
    ...STANDARD.map((id) => property(id, id, false)),
    ...[...custom].map((path) => property(`custom.${path}`, path, true)),
  ]);
}

/** The frames a panel's visualisation receives. */
export async function processFrames(
  frames: DataFrame[],
  panel: { fieldConfig: FieldConfigSource; transformations?: DataTransformerConfig[] },
  theme: GrafanaTheme2,
  replaceVariables: InterpolateFunction
): Promise<DataFrame[]> {
  const transformed = panel.transformations?.length
    ? await lastValueFrom(transformDataFrame(panel.transformations, frames))
    : frames;
  return applyFieldOverrides({
    data: transformed,
    fieldConfig: panel.fieldConfig,
    fieldConfigRegistry: fieldConfigRegistry(panel.fieldConfig),
    replaceVariables,
    theme,
    timeZone: 'browser',
  });
}
