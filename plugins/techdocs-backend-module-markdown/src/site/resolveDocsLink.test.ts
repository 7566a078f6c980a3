import path from 'node:path';
import { relativeSiteUrl } from './resolveDocsLink';

/** What relativeSiteUrl computed with path.posix before it worked on segments. */
function withPathPosix(fromUrl: string, toUrl: string): string {
  const relative = path.posix.relative(`/${fromUrl}`, `/${toUrl}`);
  if (toUrl === '' || toUrl.endsWith('/')) {
    return relative === '' ? './' : `${relative}/`;
  }
  return relative;
}

describe('relativeSiteUrl', () => {
  it('gives the URLs MkDocs writes between pages and files', () => {
    expect(relativeSiteUrl('guide/setup/', 'guide/advanced/deep/')).toBe(
      '../advanced/deep/',
    );
    expect(relativeSiteUrl('guide/setup/', '')).toBe('../../');
    expect(relativeSiteUrl('', '')).toBe('./');
    expect(relativeSiteUrl('a/', 'a/')).toBe('./');
    expect(relativeSiteUrl('a/b/', 'img/x.png')).toBe('../../img/x.png');
    expect(relativeSiteUrl('', 'assets/main.css')).toBe('assets/main.css');
  });

  it('agrees with path.posix on any path, plain or not', () => {
    const segments = [
      'a',
      'b',
      'ab',
      '.',
      '..',
      '',
      'a b',
      'x.md',
      '.hidden',
      '...',
      'a\\b',
      '%2e',
    ];
    // A fixed pseudo-random sequence, so that a failure can be replayed.
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const randomPath = () => {
      const parts = Array.from(
        { length: next(4) },
        () => segments[next(segments.length)],
      );
      let result = parts.join('/');
      if (result && next(2)) result += '/';
      if (next(10) === 0) result = `/${result}`;
      return result;
    };
    for (let i = 0; i < 20000; i++) {
      const from = randomPath();
      const to = randomPath();
      expect([from, to, relativeSiteUrl(from, to)]).toEqual([
        from,
        to,
        withPathPosix(from, to),
      ]);
    }
  });
});
