import type { MetricFamily } from './family';
import type { MetricDef } from './metrics';

/** The metric families a query engine answers, and the catalogue they make (in family order). */
export class FamilyRegistry {
  private readonly byMetric = new Map<string, MetricFamily>();
  readonly metrics: readonly MetricDef[];

  constructor(readonly families: readonly MetricFamily[]) {
    for (const family of families)
      for (const metric of family.metrics) {
        const other = this.byMetric.get(metric.name);
        if (other)
          throw new Error(
            `metric "${metric.name}" is defined by both the ${other.name} and ${family.name} families`,
          );
        this.byMetric.set(metric.name, family);
      }
    this.metrics = families.flatMap((f) => f.metrics);
  }

  find(name: string): MetricDef | undefined {
    return this.metrics.find((m) => m.name === name);
  }

  /** The family of a catalogue metric. */
  familyOf(metric: MetricDef): MetricFamily {
    const family = this.byMetric.get(metric.name);
    if (!family) throw new Error(`metric "${metric.name}" belongs to no registered family`);
    return family;
  }

  /** The group-by keys of a metric as the catalogue lists them (`<tag key>` for any tag key). */
  groupByOf(metric: MetricDef): string[] {
    return [...Object.keys(this.familyOf(metric).dimensions(metric)), '<tag key>'];
  }
}
