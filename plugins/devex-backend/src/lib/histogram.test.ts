import { bucketLowerBound, durationBucket, rangeStartBuckets } from './histogram';

describe('durationBucket', () => {
  it('puts everything under a minute in bucket 0 and grows about 9% a bucket', () => {
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(59)).toBe(0);
    expect(durationBucket(60)).toBe(1);
    expect(durationBucket(120)).toBe(9);
    for (const seconds of [61, 600, 3599, 3600, 86_400, 500_000, 2_592_000, 9e6]) {
      const bucket = durationBucket(seconds);
      expect(bucketLowerBound(bucket)).toBeLessThanOrEqual(seconds * (1 + 1e-9));
      expect(bucketLowerBound(bucket + 1)).toBeGreaterThan(seconds);
      expect(bucketLowerBound(bucket + 1) / bucketLowerBound(bucket)).toBeLessThan(1.091);
    }
  });

  it('starts a bucket exactly on each DORA boundary, so no bucket spans two tiers', () => {
    const starts = rangeStartBuckets();
    [3600, 86_400, 604_800, 2_592_000].forEach((boundary, index) => {
      expect(durationBucket(boundary)).toBe(starts[index]);
      expect(durationBucket(boundary - 1)).toBe(starts[index] - 1);
      expect(bucketLowerBound(starts[index])).toBeCloseTo(boundary, 6);
    });
  });
});
