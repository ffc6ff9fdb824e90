import { createHmac } from 'node:crypto';

import { generateSigningSecret, signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret';
  const body = '{"messageId":"0b7e8f5c-3c1a-4d51-9a55-6f0f7a2f1c3e","returnStatus":"2"}';

  it('is v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>', () => {
    const expected = createHmac('sha256', secret).update(`1763712000.${body}`).digest('hex');
    expect(signWebhook(secret, 1763712000, body)).toBe(`v1=${expected}`);
  });

  it('verifies a genuine signature within the tolerance', () => {
    const signature = signWebhook(secret, 1763712000, body);
    expect(verifyWebhookSignature(secret, signature, '1763712000', body, { nowSeconds: 1763712100 })).toBe(
      true,
    );
  });

  it('refuses another body, another secret, another timestamp, or an old timestamp', () => {
    const signature = signWebhook(secret, 1763712000, body);
    const now = { nowSeconds: 1763712000 };
    expect(verifyWebhookSignature(secret, signature, '1763712000', `${body} `, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', signature, '1763712000', body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, signature, '1763712001', body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, signature, '1763712000', body, { nowSeconds: 1763712301 })).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, 'v1=00', '1763712000', body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, signature, 'not-a-time', body, now)).toBe(false);
  });

  it('generates distinct, recognisable 256-bit secrets', () => {
    const a = generateSigningSecret();
    expect(a).toMatch(/^whsec_[\w-]{43}$/);
    expect(generateSigningSecret()).not.toBe(a);
  });
});
