import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type {
  GeneratorRunOptions,
  PreparerBase,
} from '@backstage/plugin-techdocs-node';
import { EngineRecordingPreparer } from './EngineRecordingPreparer';
import { EngineSelectingGenerator } from './EngineSelectingGenerator';
import { PreparedDirEngines, readDefaultEngine } from './techdocsEngine';

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  };
}

function setup(defaultEngine: 'markdown' | 'mkdocs' = 'markdown') {
  const engines = new PreparedDirEngines();
  const ran: string[] = [];
  let preparedDir = '/tmp/prepared-a';
  const inner: PreparerBase = {
    prepare: async () => ({ preparedDir, etag: '' }),
    shouldCleanPreparedDirectory: () => false,
  };
  const preparer = new EngineRecordingPreparer(inner, engines, defaultEngine);
  const generator = new EngineSelectingGenerator({
    markdown: { run: async () => void ran.push('markdown') },
    createMkdocs: () => ({ run: async () => void ran.push('mkdocs') }),
    engines,
    defaultEngine,
  });
  const logger = {
    info: jest.fn(),
  } as unknown as GeneratorRunOptions['logger'];
  const buildOne = async (e: Entity, dir = '/tmp/prepared-a') => {
    preparedDir = dir;
    const { preparedDir: inputDir } = await preparer.prepare(e);
    await generator.run({ inputDir, outputDir: '/tmp/out', logger });
  };
  return { buildOne, ran };
}

describe('engine selection', () => {
  it('builds with markdown by default and with mkdocs when the entity asks for it', async () => {
    const { buildOne, ran } = setup();
    await buildOne(entity());
    await buildOne(entity({ 'backstage.io/techdocs-engine': 'mkdocs' }));
    await buildOne(entity({ 'backstage.io/techdocs-engine': 'markdown' }));
    expect(ran).toEqual(['markdown', 'mkdocs', 'markdown']);
  });

  it('follows techdocs.engine when the entity has no annotation, and ignores unknown values', async () => {
    const { buildOne, ran } = setup('mkdocs');
    await buildOne(entity());
    await buildOne(entity({ 'backstage.io/techdocs-engine': 'sphinx' }));
    await buildOne(entity({ 'backstage.io/techdocs-engine': 'markdown' }));
    expect(ran).toEqual(['mkdocs', 'mkdocs', 'markdown']);
  });

  it('keeps two builds of the same folder apart', async () => {
    const engines = new PreparedDirEngines();
    engines.remember('/d', 'mkdocs');
    engines.remember('/d', 'markdown');
    expect(engines.take('/d')).toBe('mkdocs');
    expect(engines.take('/d')).toBe('markdown');
    expect(engines.take('/d')).toBeUndefined();
  });

  it('reads techdocs.engine, markdown when unset, and rejects other values', () => {
    expect(readDefaultEngine(new ConfigReader({}))).toBe('markdown');
    expect(
      readDefaultEngine(new ConfigReader({ techdocs: { engine: 'mkdocs' } })),
    ).toBe('mkdocs');
    expect(() =>
      readDefaultEngine(new ConfigReader({ techdocs: { engine: 'hugo' } })),
    ).toThrow("techdocs.engine is 'hugo'; set it to 'markdown' or 'mkdocs'.");
  });
});
