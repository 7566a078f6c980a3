import { createMockDirectory } from '@backstage/backend-test-utils';
import { symlinkSync } from 'node:fs';
import { FilePlaceholderProcessor } from './FilePlaceholderProcessor';

const mockDir = createMockDirectory();
const processor = new FilePlaceholderProcessor();

function apiEntity(definition: unknown) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'checkout-api' },
    spec: { type: 'openapi', definition },
  };
}

function fileLocation(path: string) {
  return { type: 'file', target: mockDir.resolve(path) };
}

describe('FilePlaceholderProcessor', () => {
  beforeEach(() => {
    mockDir.setContent({
      'catalog/apis/checkout-api.yaml': 'kind: API',
      'catalog/apis/checkout.openapi.yaml':
        'openapi: 3.0.3\ninfo:\n  title: Checkout\n',
      'catalog/apis/nested/limits.json': '{"max": 3}',
      'catalog/secret.txt': 'not for the catalog',
    });
  });

  it('replaces $text with the content of a file beside the entity', async () => {
    const result = await processor.preProcessEntity(
      apiEntity({ $text: './checkout.openapi.yaml' }) as any,
      fileLocation('catalog/apis/checkout-api.yaml'),
    );
    expect(result.spec!.definition).toBe(
      'openapi: 3.0.3\ninfo:\n  title: Checkout\n',
    );
  });

  it('parses $json and $yaml, also in nested folders and nested values', async () => {
    const result = await processor.preProcessEntity(
      {
        ...apiEntity('inline'),
        metadata: {
          name: 'checkout-api',
          annotations: { limits: { $json: 'nested/limits.json' } as any },
        },
        spec: { list: [{ $yaml: './checkout.openapi.yaml' }] },
      } as any,
      fileLocation('catalog/apis/checkout-api.yaml'),
    );
    expect(result.metadata.annotations!.limits).toEqual({ max: 3 });
    expect((result.spec as any).list[0].info.title).toBe('Checkout');
  });

  it('hands back an entity without placeholders as it is, without reading its folder', async () => {
    const entity = apiEntity('inline') as any;
    const result = await processor.preProcessEntity(
      entity,
      fileLocation('no-such-folder/org.yaml'),
    );
    expect(result).toBe(entity);
  });

  it('leaves entities from url locations to the stock placeholder processor', async () => {
    const entity = apiEntity({ $text: './openapi.yaml' }) as any;
    const result = await processor.preProcessEntity(entity, {
      type: 'url',
      target: 'https://git.example.com/a/b/blob/main/catalog-info.yaml',
    });
    expect(result).toBe(entity);
  });

  it('refuses a path that climbs out of the entity folder', async () => {
    await expect(
      processor.preProcessEntity(
        apiEntity({ $text: '../secret.txt' }) as any,
        fileLocation('catalog/apis/checkout-api.yaml'),
      ),
    ).rejects.toThrow(/outside the entity's folder/);
  });

  it('refuses absolute paths and URLs', async () => {
    await expect(
      processor.preProcessEntity(
        apiEntity({ $text: mockDir.resolve('catalog/secret.txt') }) as any,
        fileLocation('catalog/apis/checkout-api.yaml'),
      ),
    ).rejects.toThrow(/must be a relative path/);
    await expect(
      processor.preProcessEntity(
        apiEntity({ $text: 'file:///etc/passwd' }) as any,
        fileLocation('catalog/apis/checkout-api.yaml'),
      ),
    ).rejects.toThrow(/must be a relative path/);
  });

  it('refuses a symlink that points outside the entity folder', async () => {
    symlinkSync(
      mockDir.resolve('catalog/secret.txt'),
      mockDir.resolve('catalog/apis/innocent.yaml'),
    );
    await expect(
      processor.preProcessEntity(
        apiEntity({ $text: './innocent.yaml' }) as any,
        fileLocation('catalog/apis/checkout-api.yaml'),
      ),
    ).rejects.toThrow(/outside the entity's folder/);
  });

  it('names a missing file', async () => {
    await expect(
      processor.preProcessEntity(
        apiEntity({ $text: './missing.yaml' }) as any,
        fileLocation('catalog/apis/checkout-api.yaml'),
      ),
    ).rejects.toThrow(/missing.yaml, which does not exist/);
  });
});
