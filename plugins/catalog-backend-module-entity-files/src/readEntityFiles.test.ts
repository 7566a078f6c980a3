import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  fingerprintEntityFiles,
  listEntityFiles,
  readEntityFiles,
} from './readEntityFiles';

const component = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: team-a`;

describe('readEntityFiles', () => {
  const dir = createMockDirectory();

  beforeEach(() => dir.clear());

  it('lists a single file, or every entity file below a directory in a stable order', async () => {
    dir.setContent({
      'b.yaml': component('b'),
      'a/one.yml': component('one'),
      'a/two.json': JSON.stringify([]),
      'a/notes.md': '# not an entity file',
    });
    expect(await listEntityFiles(dir.resolve('b.yaml'))).toEqual([
      dir.resolve('b.yaml'),
    ]);
    expect(await listEntityFiles(dir.path)).toEqual([
      dir.resolve('a/one.yml'),
      dir.resolve('a/two.json'),
      dir.resolve('b.yaml'),
    ]);
  });

  it('says what to fix when the source does not exist', async () => {
    await expect(listEntityFiles(dir.resolve('missing.yaml'))).rejects.toThrow(
      /does not exist; create it or fix catalog.providers.entityFiles/,
    );
  });

  it('reads multi-document YAML and JSON arrays, keeping strings as strings', async () => {
    dir.setContent({
      'org.yaml': `${component('a')}\n---\n${component('b')}\n---\n`,
      'more.json': JSON.stringify([
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'team-a' },
          spec: { type: 'team', children: [] },
        },
      ]),
      'dates.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: dated\n  annotations:\n    released: 2024-01-01\nspec: {}`,
    });
    const files = await listEntityFiles(dir.path);
    const { entities, problems } = await readEntityFiles(files);
    expect(problems).toEqual([]);
    expect(entities.map(e => e.entity.metadata.name).sort()).toEqual([
      'a',
      'b',
      'dated',
      'team-a',
    ]);
    const dated = entities.find(e => e.entity.metadata.name === 'dated')!;
    expect(dated.entity.metadata.annotations?.released).toBe('2024-01-01');
    expect(dated.file).toBe(dir.resolve('dates.yaml'));
  });

  it('skips documents that are not entities and later duplicates, saying where they are', async () => {
    dir.setContent({
      'org.yaml': `${component(
        'a',
      )}\n---\njust: a map\n---\n- a list\n---\n${component('a')}`,
    });
    const { entities, problems } = await readEntityFiles([
      dir.resolve('org.yaml'),
    ]);
    expect(entities).toHaveLength(1);
    expect(problems).toEqual([
      `Document 2 of ${dir.resolve(
        'org.yaml',
      )} is not an entity (it needs apiVersion, kind and metadata.name); skipped.`,
      `Document 3 of ${dir.resolve(
        'org.yaml',
      )} is not an entity (it needs apiVersion, kind and metadata.name); skipped.`,
      `component:default/a appears again in document 4 of ${dir.resolve(
        'org.yaml',
      )} (first in ${dir.resolve('org.yaml')}); the later one is skipped.`,
    ]);
  });

  it('refuses a file it cannot parse rather than reading it as empty', async () => {
    dir.setContent({ 'broken.yaml': 'kind: [unclosed' });
    await expect(readEntityFiles([dir.resolve('broken.yaml')])).rejects.toThrow(
      /^Could not parse .*broken\.yaml: .*Fix the file; the catalog keeps the entities it has until then\.$/,
    );
  });

  it('fingerprints files by path, size and modification time', async () => {
    dir.setContent({ 'a.yaml': component('a') });
    const before = await fingerprintEntityFiles([dir.resolve('a.yaml')]);
    expect(await fingerprintEntityFiles([dir.resolve('a.yaml')])).toBe(before);
    dir.setContent({ 'a.yaml': component('a-changed') });
    expect(await fingerprintEntityFiles([dir.resolve('a.yaml')])).not.toBe(
      before,
    );
  });
});
