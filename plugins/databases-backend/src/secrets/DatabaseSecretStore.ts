import crypto from 'node:crypto';

/** The credentials of one database's role. */
export type DatabaseSecret = {
  username: string;
  password: string;
};

/**
 * Where database credentials live. Implementations: encrypted at rest in the portal's own
 * database (default) and a Kubernetes Secret per database. Refs are opaque, like
 * `database/<id>` and `database/<id>/next` while a rotation is in flight.
 */
export interface DatabaseSecretStore {
  /** Set when the store cannot be used (e.g. no encryption key configured): why, as a sentence. */
  readonly problem?: string;
  get(ref: string): Promise<DatabaseSecret | undefined>;
  /** Creates or replaces. */
  put(ref: string, secret: DatabaseSecret): Promise<void>;
  /** Deleting what does not exist is fine. */
  delete(ref: string): Promise<void>;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A strong random password: 32 characters of a URL- and shell-safe alphabet (~186 bits). */
export function generatePassword(): string {
  let out = '';
  const limit = ALPHABET.length * Math.floor(256 / ALPHABET.length);
  while (out.length < 32) {
    for (const byte of crypto.randomBytes(48)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < limit && out.length < 32) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}
