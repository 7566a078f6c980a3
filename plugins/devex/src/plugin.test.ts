import devexPlugin from './index';

describe('devex frontend plugin', () => {
  it('provides the page, the entity tabs, the home widget, the rating and page-view reporting', () => {
    expect(devexPlugin).toMatchObject({ $$type: '@backstage/FrontendPlugin', id: 'devex' });
    expect((devexPlugin as any).extensions.map((e: { id: string }) => e.id).sort()).toEqual([
      'analytics:devex/page-views',
      'api:devex',
      'app-root-element:devex/template-run-rating',
      'entity-content:devex/component',
      'entity-content:devex/team',
      'home-page-widget:devex/feedback',
      'page:devex',
    ]);
  });
});
