import { Typography } from '@material-ui/core';
import ArrowUpward from '@material-ui/icons/ArrowUpward';
import ArrowDownward from '@material-ui/icons/ArrowDownward';

/**
 * The change from the previous window, coloured by whether it is good news:
 * `higherIsBetter` for frequency and scores, not for lead time or failures.
 */
export function Trend(props: {
  value?: number;
  previous?: number;
  higherIsBetter: boolean;
  format: (v: number) => string;
}) {
  const { value, previous, higherIsBetter, format } = props;
  if (value === undefined || previous === undefined) {
    return (
      <Typography variant="caption" color="textSecondary">
        no earlier value to compare
      </Typography>
    );
  }
  if (Math.abs(value - previous) < 1e-9) {
    return (
      <Typography variant="caption" color="textSecondary">
        same as before ({format(previous)})
      </Typography>
    );
  }
  const up = value > previous;
  const good = up === higherIsBetter;
  const Icon = up ? ArrowUpward : ArrowDownward;
  return (
    <Typography variant="caption" style={{ color: good ? '#1b7f3b' : '#c0392b' }}>
      <Icon style={{ fontSize: 14, verticalAlign: 'middle' }} /> from {format(previous)} before
    </Typography>
  );
}
