import { useTheme } from '@material-ui/core';
import type { DistributionBucket, DoraSeriesPoint } from '@internal/plugin-devex-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration, formatPercent } from '../../format';

const HEIGHT = 240;
const shortDay = (iso: string) => iso.slice(5);

/**
 * Production deployments per day or week: the good ones and the failed changes
 * stacked, and the change failure rate when the periods are few enough for a rate
 * per period to mean something (a 7-day window, or weeks).
 */
export function DeploymentsChart(props: { series: DoraSeriesPoint[] }) {
  const theme = useTheme();
  const showRate = props.series.length <= 13;
  const data = props.series.map(p => ({
    label: shortDay(p.start),
    good: Math.max(0, p.deploymentAttempts - p.failedChanges),
    failed: p.failedChanges,
    rate: p.changeFailureRate === undefined ? undefined : p.changeFailureRate * 100,
  }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis yAxisId="count" allowDecimals={false} fontSize={11} />
        {showRate && <YAxis yAxisId="rate" orientation="right" unit="%" fontSize={11} domain={[0, 100]} />}
        <Tooltip formatter={(value: any, name: any) => (name === 'Change failure rate' ? `${Number(value).toFixed(0)}%` : value)} />
        <Legend />
        <Bar yAxisId="count" dataKey="good" name="Good deployments" stackId="d" fill={theme.palette.primary.main} />
        <Bar yAxisId="count" dataKey="failed" name="Failed changes" stackId="d" fill="#c0392b" />
        {showRate && <Line yAxisId="rate" dataKey="rate" name="Change failure rate" stroke="#b7791f" strokeWidth={2} />}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Median lead time and time to restore per day or week, in hours or days. */
export function DurationTrendChart(props: { series: DoraSeriesPoint[] }) {
  const longest = Math.max(
    0,
    ...props.series.flatMap(p => [p.leadTimeSeconds ?? 0, p.timeToRestoreSeconds ?? 0]),
  );
  const unit = longest > 3 * 86_400 ? { seconds: 86_400, label: ' d' } : { seconds: 3600, label: ' h' };
  const data = props.series.map(p => ({
    label: shortDay(p.start),
    lead: p.leadTimeSeconds === undefined ? undefined : p.leadTimeSeconds / unit.seconds,
    restore: p.timeToRestoreSeconds === undefined ? undefined : p.timeToRestoreSeconds / unit.seconds,
  }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis unit={unit.label} fontSize={11} />
        <Tooltip formatter={(value: any) => formatDuration(Number(value) * unit.seconds)} />
        <Legend />
        <Line dataKey="lead" name="Lead time (median)" stroke="#2f6fb3" connectNulls strokeWidth={2} />
        <Line dataKey="restore" name="Time to restore (median)" stroke="#c0392b" connectNulls strokeWidth={2} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** How many values fall in each range. */
export function DistributionChart(props: { buckets: DistributionBucket[]; color?: string; name: string }) {
  const theme = useTheme();
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={props.buckets} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" fontSize={11} interval={0} />
        <YAxis allowDecimals={false} fontSize={11} />
        <Tooltip />
        <Bar dataKey="count" name={props.name} fill={props.color ?? theme.palette.primary.main} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export type TrendLine = { key: string; name: string; color: string };

/** A few lines over time (days or periods on the x axis). */
export function TrendChart(props: {
  data: Array<Record<string, unknown>>;
  xKey: string;
  lines: TrendLine[];
  unit?: string;
  domain?: [number, number | 'auto'];
  format?: (value: number) => string;
  height?: number;
}) {
  return (
    <ResponsiveContainer width="100%" height={props.height ?? HEIGHT}>
      <LineChart data={props.data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={props.xKey} fontSize={11} />
        <YAxis unit={props.unit} fontSize={11} domain={props.domain ?? [0, 'auto']} />
        <Tooltip formatter={(value: any) => (props.format ? props.format(Number(value)) : value)} />
        <Legend />
        {props.lines.map(line => (
          <Line key={line.key} dataKey={line.key} name={line.name} stroke={line.color} dot={false} strokeWidth={2} connectNulls />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Share bars for coverage numbers: "from templates 4 of 20". */
export function ShareBars(props: { items: Array<{ label: string; count: number; total: number }> }) {
  const data = props.items.map(i => ({ ...i, share: i.total > 0 ? (i.count / i.total) * 100 : 0 }));
  return (
    <ResponsiveContainer width="100%" height={40 + data.length * 34}>
      <BarChart data={data} layout="vertical" margin={{ top: 0, right: 24, bottom: 0, left: 40 }}>
        <XAxis type="number" domain={[0, 100]} unit="%" fontSize={11} />
        <YAxis type="category" dataKey="label" width={110} fontSize={12} />
        <Tooltip formatter={(value: any) => formatPercent(Number(value) / 100)} />
        <Bar dataKey="share" name="Share of components" fill="#1b7f3b" />
      </BarChart>
    </ResponsiveContainer>
  );
}
