import { csvFileName, dashboardToCsv } from './dashboardToCsv';
import { dashboardFixture } from './testing/dashboardFixture';

describe('dashboardToCsv', () => {
  it('writes one row per number with its section, period and unit', () => {
    const csv = dashboardToCsv(dashboardFixture());
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('section,metric,period_or_item,value,unit');
    expect(lines).toContain('dora,lead time for changes,2026-02-14..2026-03-15,10800,seconds');
    expect(lines).toContain('dora,change failure rate tier,2026-02-14..2026-03-15,medium,');
    expect(lines).toContain('dora trend,deployments,2026-03-14..2026-03-14,3,count');
    expect(lines).toContain('by team,monthly cost,group:default/team-checkout,1500,USD');
    expect(lines).toContain('lead time distribution,changes,1 hour – 1 day,120,count');
    // An unknown value is an empty cell, not "undefined".
    expect(lines).toContain('dora,time to restore,2026-01-15..2026-02-13,,seconds');
  });

  it('quotes cells with commas and quotes', () => {
    const csv = dashboardToCsv(
      dashboardFixture({
        leadTimeDistribution: [{ label: 'odd, "label"', count: 1 }],
      }),
    );
    expect(csv).toContain('lead time distribution,changes,"odd, ""label""",1,count');
  });

  it('names the file after the scope, window and day', () => {
    expect(csvFileName(dashboardFixture())).toBe('devex-organization-30d-2026-03-15.csv');
    expect(
      csvFileName(dashboardFixture({ scope: { kind: 'team', ref: 'group:default/team-checkout', title: 'Checkout' } })),
    ).toBe('devex-team-checkout-30d-2026-03-15.csv');
  });
});
