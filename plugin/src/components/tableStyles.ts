import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** Compact bordered tables for the tag admin page (Grafana's own table CSS is not part of the plugin API). */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'middle',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  add: css({ color: theme.colors.success.text }),
  change: css({ color: theme.colors.warning.text }),
  unchanged: css({ color: theme.colors.text.disabled }),
  error: css({ color: theme.colors.error.text }),
});
