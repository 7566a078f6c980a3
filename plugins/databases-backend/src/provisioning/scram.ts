import crypto from 'node:crypto';

const ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password
 * (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, RFC 5802/7677). Sending it
 * in `CREATE ROLE ... PASSWORD` means the plain password never reaches SQL or server logs.
 */
export function scramSha256Verifier(
  password: string,
  salt: Buffer = crypto.randomBytes(16),
  iterations = ITERATIONS,
): string {
  // PostgreSQL applies SASLprep; our generated passwords are ASCII, where it is the identity.
  const saltedPassword = crypto.pbkdf2Sync(
    password.normalize('NFKC'),
    salt,
    iterations,
    32,
    'sha256',
  );
  const clientKey = hmac(saltedPassword, 'Client Key');
  const storedKey = crypto.createHash('sha256').update(clientKey).digest();
  const serverKey = hmac(saltedPassword, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString(
    'base64',
  )}:${serverKey.toString('base64')}`;
}

/** Whether `verifier` was made from `password` (tests, and checks of a stored verifier). */
export function scramVerifierMatches(verifier: string, password: string): boolean {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!match) return false;
  const [, iterations, salt] = match;
  return (
    scramSha256Verifier(password, Buffer.from(salt, 'base64'), Number(iterations)) ===
    verifier
  );
}

function hmac(key: Buffer, text: string): Buffer {
  return crypto.createHmac('sha256', key).update(text).digest();
}
