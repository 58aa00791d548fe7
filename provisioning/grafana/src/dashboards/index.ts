/** Every provisioned dashboard, by the file name it is written to in dashboards/. */
import type { ExowatchDashboard } from './builders';
import { businessTeams } from './business-teams';
import { exophoneHealth } from './exophone-health';
import { incomingTrends } from './incoming-trends';
import { nocOverview } from './noc-overview';
import { teamPerformance } from './team-performance';

export const DASHBOARDS: Record<string, ExowatchDashboard> = {
  'business-teams.json': businessTeams,
  'exophone-health.json': exophoneHealth,
  'incoming-trends.json': incomingTrends,
  'noc-overview.json': nocOverview,
  'team-performance.json': teamPerformance,
};
