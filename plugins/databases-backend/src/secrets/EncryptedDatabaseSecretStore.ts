import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Config } from '@backstage/config';
import { Knex } from 'knex';
import { DatabaseSecret, DatabaseSecretStore } from './DatabaseSecretStore';

const TABLE = 'databases_secrets';

type Key = { id: string; key: Buffer };

/**
 * Secrets encrypted at rest (AES-256-GCM) in the plugin's own database. Each row names the
 * key that encrypted it, so keys can be rotated: the first configured key encrypts, every
 * configured key decrypts.
 */
export class EncryptedDatabaseSecretStore implements DatabaseSecretStore {
  private constructor(
    private readonly db: Knex,
    private readonly keys: Key[],
  ) {}

  static fromConfig(config: Config, db: Knex): EncryptedDatabaseSecretStore {
    return new EncryptedDatabaseSecretStore(db, readKeys(config));
  }

  static forKeys(db: Knex, keys: Array<{ id: string; secret: string }>) {
    return new EncryptedDatabaseSecretStore(db, keys.map(parseKey));
  }

  async get(ref: string): Promise<DatabaseSecret | undefined> {
    const row = await this.db(TABLE).where({ ref }).first();
    if (!row) return undefined;
    const key = this.keys.find(k => k.id === row.key_id);
    if (!key) {
      throw new Error(
        `The secret ${ref} is encrypted with key ${row.key_id}, which is no longer configured in databases.secrets.encryption.keys.`,
      );
    }
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      key.key,
      Buffer.from(row.iv, 'base64'),
    );
    decipher.setAAD(Buffer.from(ref));
    decipher.setAuthTag(Buffer.from(row.auth_tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(row.ciphertext, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8'));
  }

  async put(ref: string, secret: DatabaseSecret): Promise<void> {
    const key = this.keys[0];
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key.key, iv);
    // The ref is authenticated too, so a ciphertext cannot be moved to another database's row.
    cipher.setAAD(Buffer.from(ref));
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify(secret), 'utf8'),
      cipher.final(),
    ]);
    const row = {
      ref,
      key_id: key.id,
      iv: iv.toString('base64'),
      auth_tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      updated_at: Date.now(),
    };
    await this.db(TABLE).insert(row).onConflict('ref').merge();
  }

  async delete(ref: string): Promise<void> {
    await this.db(TABLE).where({ ref }).delete();
  }
}

function parseKey({ id, secret }: { id: string; secret: string }): Key {
  const key = Buffer.from(secret, 'base64');
  if (key.length !== 32) {
    throw new Error(
      `The database secrets key ${id} must be 32 random bytes in base64 (openssl rand -base64 32); it is ${key.length} bytes.`,
    );
  }
  return { id, key };
}

/**
 * Keys from `databases.secrets.encryption.keys`; for local development, a key file that
 * is created on first start (mode 0600) when no keys are configured.
 */
function readKeys(config: Config): Key[] {
  const keys = config.getOptionalConfigArray('databases.secrets.encryption.keys');
  if (keys && keys.length > 0) {
    return keys.map(k =>
      parseKey({ id: k.getString('id'), secret: k.getString('secret') }),
    );
  }
  const keyFile = config.getOptionalString('databases.secrets.encryption.keyFile');
  if (!keyFile) {
    throw new Error(
      'The databases plugin needs a key to encrypt credentials: set databases.secrets.encryption.keys (32 random bytes in base64, e.g. openssl rand -base64 32), or keyFile for local development.',
    );
  }
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('base64'), {
      mode: 0o600,
      flag: 'wx',
    });
  }
  return [parseKey({ id: 'local', secret: fs.readFileSync(keyFile, 'utf8').trim() })];
}
