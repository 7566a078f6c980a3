import { Chip } from '@material-ui/core';
import type { DoraTier } from '@internal/plugin-devex-common';

export const TIER_COLORS: Record<DoraTier, string> = {
  elite: '#1b7f3b',
  high: '#2f6fb3',
  medium: '#b7791f',
  low: '#c0392b',
};

export function tierLabel(tier: DoraTier): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** Elite / High / Medium / Low, in the tier's colour; a dash when there is no tier. */
export function TierBadge(props: { tier?: DoraTier; size?: 'small' | 'medium' }) {
  if (!props.tier) {
    return <Chip size="small" label="No data" variant="outlined" />;
  }
  return (
    <Chip
      size={props.size ?? 'small'}
      label={tierLabel(props.tier)}
      style={{ backgroundColor: TIER_COLORS[props.tier], color: '#fff', fontWeight: 600 }}
    />
  );
}
