/** Every provisioned dashboard, by the file name it is written to in dashboards/. */
import type { ExowatchDashboard } from './builders';
import { businessHours } from './business-hours';
import { businessTeams } from './business-teams';
import { callbacks } from './callbacks';
import { exophoneHealth } from './exophone-health';
import { incomingTrends } from './incoming-trends';
import { nocOverview } from './noc-overview';
import { teamPerformance } from './team-performance';

export const DASHBOARDS: Record<string, ExowatchDashboard> = {
  'business-hours.json': businessHours,
  'business-teams.json': businessTeams,
  'callbacks.json': callbacks,
  'exophone-health.json': exophoneHealth,
  'incoming-trends.json': incomingTrends,
  'noc-overview.json': nocOverview,
  'team-performance.json': teamPerformance,
};
