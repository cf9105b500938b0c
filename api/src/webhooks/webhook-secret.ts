import crypto from 'node:crypto';

/** A new signing secret: 32 random bytes, base64url, prefixed so it is recognizable in a config file. */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}

/** What a reader sees of a secret: its prefix and last 4 characters. */
export function secretHint(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}

function keyOf(masterKey: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, 'mp-webhook-secret', 'webhook signing secret v1', 32));
}

/**
 * The secret must be readable by the dispatcher (it signs with it) but by nobody reading the database
 * or the API: it is stored sealed with AES-256-GCM under a key derived from WEBHOOK_SECRET_KEY
 * (default: JWT_SECRET). A hash would not do: HMAC needs the secret itself.
 */
export function sealSecret(secret: string, masterKey: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(masterKey), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(
    '.',
  );
}

/** Opens a sealed secret; throws when the key changed (the webhook must then be created again). */
export function openSecret(sealed: string, masterKey: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('unknown sealed secret format');
  const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(masterKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** `MP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (DESIGN.md §7). */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
