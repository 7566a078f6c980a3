/**
 * Durations are kept as histograms in the daily rollups: each bucket holds the
 * count and the sum of its values, so a median is found in SQL from a few hundred
 * rows instead of every commit. Bucket 0 holds everything under a minute; above,
 * buckets grow by 2^(1/8) (about 9%) and restart at one hour, one day, one week and
 * 30 days, so no bucket straddles a DORA tier boundary. The median is the mean of
 * the bucket the middle value falls in: exact when the values there are equal
 * (always so for small samples in distinct buckets), otherwise within 9%, and
 * always in the right tier.
 */
const STEPS_PER_DOUBLING = 8;
const HOUR = 3600;
const DAY = 24 * HOUR;

/** Where a run of buckets starts again; the DORA tier boundaries. */
const ANCHORS = [60, HOUR, DAY, 7 * DAY, 30 * DAY];

type Range = { lower: number; upper: number; firstBucket: number; buckets: number };

const RANGES: Range[] = (() => {
  const ranges: Range[] = [];
  let firstBucket = 1;
  ANCHORS.forEach((lower, index) => {
    const upper = ANCHORS[index + 1] ?? Infinity;
    const buckets =
      upper === Infinity
        ? Infinity
        : Math.ceil(Math.log2(upper / lower) * STEPS_PER_DOUBLING - 1e-9);
    ranges.push({ lower, upper, firstBucket, buckets });
    firstBucket += buckets;
  });
  return ranges;
})();

export function durationBucket(seconds: number): number {
  if (!(seconds >= ANCHORS[0])) {
    return 0;
  }
  const range = RANGES.find(r => seconds < r.upper)!;
  const step = Math.floor(
    Math.log2(seconds / range.lower) * STEPS_PER_DOUBLING + 1e-9,
  );
  return range.firstBucket + Math.min(step, range.buckets - 1);
}

/** The smallest duration in a bucket. */
export function bucketLowerBound(bucket: number): number {
  if (bucket <= 0) {
    return 0;
  }
  const range = RANGES.find(r => bucket < r.firstBucket + r.buckets)!;
  return range.lower * 2 ** ((bucket - range.firstBucket) / STEPS_PER_DOUBLING);
}

/** Human ranges of the duration distribution charts, the DORA tier boundaries. */
export const DURATION_RANGES: Array<{ label: string; upTo: number }> = [
  { label: '< 1 hour', upTo: HOUR },
  { label: '1 hour – 1 day', upTo: DAY },
  { label: '1 day – 1 week', upTo: 7 * DAY },
  { label: '1 week – 1 month', upTo: 30 * DAY },
  { label: '> 1 month', upTo: Infinity },
];

/** The first bucket of each range after the first, for grouping histogram rows in SQL. */
export function rangeStartBuckets(): number[] {
  return DURATION_RANGES.slice(0, -1).map(r => durationBucket(r.upTo));
}
