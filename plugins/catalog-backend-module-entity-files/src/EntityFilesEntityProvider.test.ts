import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityFilesEntityProvider } from './EntityFilesEntityProvider';

const entity = (
  kind: string,
  name: string,
  description = '',
) => `apiVersion: backstage.io/v1alpha1
kind: ${kind}
metadata:
  name: ${name}
  description: '${description}'
spec:
  type: service
  lifecycle: production
  owner: team-a`;

/** Records what the provider hands the catalog, as the catalog's connection receives it. */
function recordingConnection() {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    async applyMutation(mutation) {
      mutations.push(mutation);
    },
    async refresh() {},
  };
  return { connection, mutations };
}

/** One catalog that several providers write to: entity ref -> description served. */
function sharedCatalog() {
  const served = new Map<string, string>();
  const connection: EntityProviderConnection = {
    async applyMutation(mutation) {
      if (mutation.type === 'full') served.clear();
      const added =
        mutation.type === 'full' ? mutation.entities : mutation.added;
      for (const { entity: e } of added) {
        served.set(
          `${e.kind}:default/${e.metadata.name}`.toLowerCase(),
          e.metadata.description ?? '',
        );
      }
      if (mutation.type === 'delta') {
        for (const removed of mutation.removed) {
          served.delete(
            'entityRef' in removed
              ? removed.entityRef
              : stringifyEntityRef(removed.entity),
          );
        }
      }
    },
    async refresh() {},
  };
  return { connection, served };
}

describe('EntityFilesEntityProvider', () => {
  const dir = createMockDirectory();
  let provider: EntityFilesEntityProvider;
  let recorded: ReturnType<typeof recordingConnection>;

  beforeEach(async () => {
    dir.clear();
    provider = EntityFilesEntityProvider.create({
      source: { id: 'org', path: dir.path },
      logger: mockServices.logger.mock(),
    });
    recorded = recordingConnection();
    await provider.connect(recorded.connection);
  });

  it('starts with the entities in delta mutations and ends with a full one: located in their file, most-referenced kinds last', async () => {
    dir.setContent({
      'org.yaml': [
        entity('Group', 'team-a'),
        entity('Component', 'a'),
        entity('API', 'a-api'),
      ].join('\n---\n'),
    });
    expect(await provider.refresh()).toEqual({
      mutation: 'full',
      added: 3,
      removed: 0,
      total: 3,
    });
    const [delta, full] = recorded.mutations;
    expect(recorded.mutations).toHaveLength(2);
    expect(delta).toEqual({
      type: 'delta',
      added: full.type === 'full' ? full.entities : [],
      removed: [],
    });
    expect(full.type).toBe('full');
    const entities = full.type === 'full' ? full.entities : [];
    expect(entities.map(e => e.entity.kind)).toEqual([
      'Component',
      'API',
      'Group',
    ]);
    expect(entities[0]).toEqual({
      locationKey: 'entity-files:org',
      entity: expect.objectContaining({
        metadata: expect.objectContaining({
          annotations: {
            'backstage.io/managed-by-location': `file:${dir.resolve(
              'org.yaml',
            )}`,
            'backstage.io/managed-by-origin-location': `file:${dir.resolve(
              'org.yaml',
            )}`,
          },
        }),
      }),
    });
  });

  it('hands over only what changed, and nothing when no file changed', async () => {
    dir.setContent({
      'org.yaml': [
        entity('Component', 'a'),
        entity('Component', 'b'),
        entity('Component', 'c'),
      ].join('\n---\n'),
    });
    await provider.refresh();
    expect(await provider.refresh()).toEqual({
      mutation: 'none',
      added: 0,
      removed: 0,
      total: 3,
    });

    dir.setContent({
      'org.yaml': [
        entity('Component', 'a', 'changed'),
        entity('Component', 'c'),
        entity('Component', 'd'),
      ].join('\n---\n'),
    });
    expect(await provider.refresh()).toEqual({
      mutation: 'delta',
      added: 2,
      removed: 1,
      total: 3,
    });
    const delta = recorded.mutations[2];
    expect(delta.type).toBe('delta');
    if (delta.type === 'delta') {
      expect(delta.added.map(e => e.entity.metadata.name).sort()).toEqual([
        'a',
        'd',
      ]);
      expect(delta.removed).toEqual([
        { entityRef: 'component:default/b', locationKey: 'entity-files:org' },
      ]);
    }
    expect(recorded.mutations).toHaveLength(3);
  });

  it('keeps what the catalog has when the source cannot be read, and tries again next time', async () => {
    dir.setContent({ 'org.yaml': entity('Component', 'a') });
    await provider.refresh();
    dir.setContent({ 'org.yaml': 'kind: [unclosed' });
    await expect(provider.refresh()).rejects.toThrow(/Could not parse/);
    dir.setContent({ 'org.yaml': entity('Component', 'a') });
    expect(await provider.refresh()).toEqual({
      mutation: 'none',
      added: 0,
      removed: 0,
      total: 1,
    });
    expect(recorded.mutations).toHaveLength(2);
  });

  it('takes only the allowed kinds when a source is limited to some', async () => {
    const limited = EntityFilesEntityProvider.create({
      source: { id: 'people', path: dir.path, allowedKinds: ['User', 'Group'] },
      logger: mockServices.logger.mock(),
    });
    const own = recordingConnection();
    await limited.connect(own.connection);
    dir.setContent({
      'org.yaml': [entity('Group', 'team-a'), entity('Component', 'a')].join(
        '\n---\n',
      ),
    });
    expect(await limited.refresh()).toEqual({
      mutation: 'full',
      added: 1,
      removed: 0,
      total: 1,
    });
  });

  it('serves the source once every replica has read it, whichever replica read which earlier version', async () => {
    // Each replica of the portal runs its own provider against the one catalog.
    const catalog = sharedCatalog();
    const [a, b] = ['a', 'b'].map(() =>
      EntityFilesEntityProvider.create({
        source: { id: 'org', path: dir.path },
        logger: mockServices.logger.mock(),
      }),
    );
    await a.connect(catalog.connection);
    await b.connect(catalog.connection);
    const write = (...docs: string[]) =>
      dir.setContent({ 'org.yaml': docs.join('\n---\n') });

    write(entity('Component', 'x'), entity('Component', 'y'));
    await b.refresh();
    write(entity('Component', 'y', 'moved'));
    await a.refresh(); // removes x
    write(entity('Component', 'x'), entity('Component', 'y', 'moved'));
    await b.refresh(); // x is back, and unchanged since b last read it

    await a.refresh();
    await b.refresh();
    expect([...catalog.served].sort()).toEqual([
      ['component:default/x', ''],
      ['component:default/y', 'moved'],
    ]);
  });

  it('refuses an id that cannot name a provider', () => {
    expect(() =>
      EntityFilesEntityProvider.create({
        source: { id: 'Not OK', path: dir.path },
        logger: mockServices.logger.mock(),
      }),
    ).toThrow(
      "The entity source id 'Not OK' must be lower-case letters, digits and dashes.",
    );
  });
});
