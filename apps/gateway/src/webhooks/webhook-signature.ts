import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const WebhookHeaders = {
  DeliveryId: 'X-SWX-Delivery-Id',
  Timestamp: 'X-SWX-Timestamp',
  Signature: 'X-SWX-Signature',
  Event: 'X-SWX-Event',
  Attempt: 'X-SWX-Attempt',
} as const;

const SCHEME = 'v1';

/** A new signing secret: 32 random bytes, prefixed so that leaked ones are easy to recognise in scans. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, the secret taken as its UTF-8 bytes. */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
  return `${SCHEME}=${mac}`;
}

/**
 * What a subscriber does with a delivery: recompute the signature over the timestamp header and the raw body,
 * compare in constant time, and refuse timestamps too far from now (replays).
 */
export function verifyWebhookSignature(
  secret: string,
  signatureHeader: string,
  timestampHeader: string,
  rawBody: string,
  { toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) } = {},
): boolean {
  const timestamp = Number(timestampHeader);
  if (!/^\d{1,12}$/.test(timestampHeader) || Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'utf8');
  return signatureHeader
    .split(',')
    .map((part) => Buffer.from(part.trim(), 'utf8'))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}
