import { IconButton, Tooltip, Typography } from '@material-ui/core';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import { DORA_TIERS, MetricDefinition } from '@internal/plugin-devex-common';
import { tierLabel } from './TierBadge';

/**
 * An (i) that shows how a metric is computed and, for DORA, what each tier means.
 * A button, so keyboard users reach it with Tab and the definition opens on focus.
 */
export function MetricTooltip(props: { definition: MetricDefinition }) {
  const { definition } = props;
  return (
    <Tooltip
      arrow
      title={
        <div>
          <Typography variant="subtitle2">{definition.title}</Typography>
          <Typography variant="body2">{definition.definition}</Typography>
          {definition.tiers && (
            <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
              {DORA_TIERS.map(tier => (
                <li key={tier}>
                  <b>{tierLabel(tier)}</b>: {definition.tiers![tier]}
                </li>
              ))}
            </ul>
          )}
        </div>
      }
    >
      <IconButton
        size="small"
        aria-label={`How ${definition.title.toLowerCase()} is computed`}
        style={{ padding: 2, marginLeft: 2, cursor: 'help' }}
      >
        <InfoOutlined
          fontSize="small"
          style={{ verticalAlign: 'middle', opacity: 0.6 }}
        />
      </IconButton>
    </Tooltip>
  );
}
