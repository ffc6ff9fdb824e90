import { randomUUID } from 'node:crypto';

import {
  CEB311,
  CEB621,
  createSelfSignedCertificate,
  DEMO_ENTERPRISES,
  type DocumentDescriptor,
  IMPORT_INVENTORY_EXAMPLE,
  IMPORT_ORDER_EXAMPLE,
  type ImportInventory,
  type ImportOrder,
  type KeyAndCertificate,
  parseCertificate,
  signCebXml,
  verifyCebSignature,
} from '@swx/contracts';
import { cebXmlMessage, mintToken, ServiceProcess, TEST_SECRETS, waitFor } from '@swx/testing';

const env = { DATABASE_URL: process.env.TEST_DATABASE_URL!, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
const AGENT = DEMO_ENTERPRISES.agent.customsCode;
const RUN = Date.now().toString(36).toUpperCase();
let counter = 0;
const next = (): string => `${RUN}${(counter++).toString().padStart(4, '0')}`;

interface Problem {
  errors: { path: string; rule: string; message: string }[];
}

/** A fresh import list of the demo agent (its own order number, so every one is a new document). */
function inventory(): ImportInventory {
  const list = structuredClone(IMPORT_INVENTORY_EXAMPLE);
  Object.assign(list.InventoryHead, {
    guid: randomUUID().toUpperCase(),
    orderNo: `SIG${next()}`,
    copNo: `SIG${next()}`,
  });
  return list;
}

/** The list as the agent's ERP sends it, before signing (no placeholder signature). */
const unsignedXml = (list: ImportInventory = inventory()): string =>
  cebXmlMessage(CEB621 as unknown as DocumentDescriptor, [list], AGENT, randomUUID().toUpperCase()).replace(
    /\s*<ds:Signature[\s\S]*<\/ds:Signature>/,
    '',
  );

/**
 * XML signatures on the real gateway (docs/ceb-signatures.md): certificates registered per enterprise, CEB621
 * signed RSA-SHA1 and SM2-SM3 verified against them, tampered, unsigned and unregistered signatures refused in
 * enforce mode, the sandbox, and XML receipts signed with the platform's published certificate.
 */
describe('CEB XML signatures', () => {
  let enforce: ServiceProcess;
  let sandbox: ServiceProcess;
  let customs: ServiceProcess;
  let operator: string;
  let rsa: KeyAndCertificate;
  let sm2: KeyAndCertificate;
  let stranger: KeyAndCertificate;
  const agentToken = mintToken({
    kind: 'enterprise',
    ent: AGENT,
    roles: ['agent'],
    scopes: ['documents:write', 'documents:read'],
  });

  beforeAll(async () => {
    enforce = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: '4720', SIGNATURE_MODE: 'enforce' },
      'sig-enforce',
    );
    sandbox = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: '4721', SIGNATURE_MODE: 'sandbox' },
      'sig-sandbox',
    );
    customs = ServiceProcess.spawn('customs', { ...env, PORT: '4722' }, 'sig-customs');
    rsa = createSelfSignedCertificate({
      commonName: 'agent ERP',
      organization: '测试报关企业',
      algorithm: 'rsa-sha1',
    });
    sm2 = createSelfSignedCertificate({ commonName: 'agent UKey', algorithm: 'sm2-sm3' });
    stranger = createSelfSignedCertificate({ commonName: 'someone else', algorithm: 'sm2-sm3' });
    await Promise.all([enforce.ready(), sandbox.ready(), customs.ready()]);

    const token = await fetch(enforce.url('/v1/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: TEST_SECRETS.OPERATOR_CLIENT_ID,
        client_secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET,
        scope: 'registry:write registry:read',
      }),
    });
    operator = ((await token.json()) as { access_token: string }).access_token;
    for (const e of Object.values(DEMO_ENTERPRISES)) {
      const registered = await fetch(enforce.url('/v1/enterprises'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
        body: JSON.stringify({
          customsCode: e.customsCode,
          kind: 'enterprise',
          creditCode: e.creditCode,
          name: e.name,
          roles: e.roles,
          contacts: [{ name: '李明', telephone: '0571-86013388', email: 'ops@example.com' }],
        }),
      });
      expect([201, 409]).toContain(registered.status);
    }
  });

  afterAll(async () => {
    await Promise.all([enforce?.stop(), sandbox?.stop(), customs?.stop()]);
  });

  const certificates = (code: string, token: string, init: RequestInit = {}, suffix = '') =>
    fetch(enforce.url(`/v1/enterprises/${code}/certificates${suffix}`), {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        authorization: `Bearer ${token}`,
      },
    });

  const postList = (gateway: ServiceProcess, xml: string) =>
    fetch(gateway.url('/v1/import/inventories'), {
      method: 'POST',
      headers: {
        'content-type': 'application/xml',
        accept: 'application/problem+json, application/json',
        authorization: `Bearer ${agentToken}`,
      },
      body: xml,
    });

  const refusal = async (response: Response): Promise<Problem['errors']> => {
    expect(response.status).toBe(400);
    return ((await response.json()) as Problem).errors;
  };

  it('registers certificates per enterprise: operators register, the enterprise lists its own', async () => {
    for (const key of [rsa, sm2]) {
      const created = await certificates(AGENT, operator, {
        method: 'POST',
        body: JSON.stringify({ certificate: key.certificatePem }),
      });
      expect(created.status).toBe(201);
      const info = parseCertificate(key.certificatePem);
      expect(await created.json()).toMatchObject({
        enterpriseCode: AGENT,
        fingerprint: info.fingerprint,
        algorithm: key.algorithm,
        serialNumber: info.serialNumber,
        subject: expect.stringContaining('agent'),
        revokedAt: null,
      });
    }
    // Base64 DER, as ds:X509Certificate carries it, names the same certificate: already registered.
    const again = await certificates(AGENT, operator, {
      method: 'POST',
      body: JSON.stringify({ certificate: parseCertificate(sm2.certificatePem).der.toString('base64') }),
    });
    expect(again.status).toBe(409);

    const listed = await certificates(AGENT, agentToken);
    expect(listed.status).toBe(200);
    const { certificates: list } = (await listed.json()) as { certificates: { algorithm: string }[] };
    expect(list.map((c) => c.algorithm).sort()).toEqual(['rsa-sha1', 'sm2-sm3']);
  });

  it('refuses a registration by the enterprise itself, of garbage, and for an unknown enterprise', async () => {
    const byEnterprise = await certificates(AGENT, agentToken, {
      method: 'POST',
      body: JSON.stringify({ certificate: stranger.certificatePem }),
    });
    expect(byEnterprise.status).toBe(403);
    const garbage = await certificates(AGENT, operator, {
      method: 'POST',
      body: JSON.stringify({ certificate: 'not a certificate' }),
    });
    expect(await refusal(garbage)).toEqual([
      { path: 'certificate', rule: 'certificate.format', message: expect.stringContaining('not') },
    ]);
    const unknown = await certificates('9999999999', operator, {
      method: 'POST',
      body: JSON.stringify({ certificate: stranger.certificatePem }),
    });
    expect(unknown.status).toBe(404);
    const othersList = await certificates(DEMO_ENTERPRISES.payment.customsCode, agentToken);
    expect(othersList.status).toBe(403);
  });

  it.each([
    ['RSA-SHA1', () => rsa],
    ['SM2-SM3', () => sm2],
  ])('accepts a CEB621 signed %s with the registered certificate (enforce mode)', async (_, key) => {
    const signed = signCebXml(unsignedXml(), key().privateKeyPem, key().certificatePem);
    const response = await postList(enforce, signed);
    expect(response.status).toBe(202);
  });

  it('refuses a signed CEB621 altered after signing, with the reason', async () => {
    const signed = signCebXml(unsignedXml(), sm2.privateKeyPem, sm2.certificatePem);
    const tampered = signed.replace(/<ceb:freight>[^<]*</, '<ceb:freight>0.01<');
    expect(tampered).not.toBe(signed);
    expect(await refusal(await postList(enforce, tampered))).toEqual([
      {
        path: 'ds:Signature',
        rule: 'signature.invalid',
        message: expect.stringMatching(/altered after signing/),
      },
    ]);
    // The sandbox verifies signatures made with a registered certificate too.
    expect(await refusal(await postList(sandbox, tampered))).toMatchObject([{ rule: 'signature.invalid' }]);
  });

  it('refuses an unsigned CEB621 in enforce mode, accepts it in sandbox', async () => {
    // Without any ds:Signature the XSD itself refuses a CEB621, in both modes.
    for (const gateway of [enforce, sandbox]) {
      expect(await refusal(await postList(gateway, unsignedXml()))).toMatchObject([
        { rule: 'xsd', message: expect.stringContaining('xmldsig#}Signature') },
      ]);
    }
    // A placeholder signature (the console's examples, test fixtures): structurally there, signed by no key.
    const placeholder = (): string =>
      cebXmlMessage(
        CEB621 as unknown as DocumentDescriptor,
        [inventory()],
        AGENT,
        randomUUID().toUpperCase(),
      );
    expect(placeholder()).toContain('<ds:DigestValue>AAAA</ds:DigestValue>');
    expect(await refusal(await postList(enforce, placeholder()))).toEqual([
      {
        path: 'ds:Signature',
        rule: 'signature.invalid',
        message: expect.stringContaining('enveloped-signature transform'),
      },
    ]);
    expect((await postList(sandbox, placeholder())).status).toBe(202);
  });

  it('refuses a signature by an unregistered certificate (enforce), and by a revoked one', async () => {
    const byStranger = signCebXml(unsignedXml(), stranger.privateKeyPem, stranger.certificatePem);
    expect(await refusal(await postList(enforce, byStranger))).toEqual([
      {
        path: 'ds:Signature',
        rule: 'signature.unknownCertificate',
        message: expect.stringContaining(parseCertificate(stranger.certificatePem).fingerprint),
      },
    ]);
    expect((await postList(sandbox, byStranger)).status).toBe(202);

    // The enterprise revokes its RSA certificate (a lost key): its signatures are refused from then on.
    const fingerprint = parseCertificate(rsa.certificatePem).fingerprint;
    const revoked = await certificates(AGENT, agentToken, { method: 'DELETE' }, `/${fingerprint}`);
    expect(revoked.status).toBe(204);
    const signed = signCebXml(unsignedXml(), rsa.privateKeyPem, rsa.certificatePem);
    expect(await refusal(await postList(enforce, signed))).toMatchObject([
      { rule: 'signature.unknownCertificate' },
    ]);
    const all = await certificates(AGENT, agentToken, {}, '?includeRevoked=true');
    const { certificates: list } = (await all.json()) as {
      certificates: { fingerprint: string; revokedAt: string | null }[];
    };
    expect(list.find((c) => c.fingerprint === fingerprint)?.revokedAt).toEqual(expect.any(String));
    expect((await certificates(AGENT, agentToken, { method: 'DELETE' }, `/${fingerprint}`)).status).toBe(404);
  });

  it('signs XML receipts with the platform key, verifiable with the published certificate', async () => {
    const published = await fetch(enforce.url('/v1/platform/certificate'));
    expect(published.status).toBe(200);
    const platform = (await published.json()) as {
      certificate: string;
      fingerprint: string;
      algorithm: string;
    };
    expect(platform.fingerprint).toBe(parseCertificate(platform.certificate).fingerprint);
    const pem = await fetch(enforce.url('/v1/platform/certificate'), {
      headers: { accept: 'application/x-pem-file' },
    });
    expect(await pem.text()).toBe(platform.certificate);

    const order: ImportOrder = structuredClone(IMPORT_ORDER_EXAMPLE);
    Object.assign(order.OrderHead, { guid: randomUUID().toUpperCase(), orderNo: `SIG${next()}` });
    const ebp = order.OrderHead.ebpCode;
    const ebpToken = mintToken({
      kind: 'enterprise',
      ent: ebp,
      roles: [CEB311.senderRole],
      scopes: ['documents:write', 'documents:read'],
    });
    const accepted = await fetch(enforce.url('/v1/import/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ebpToken}` },
      body: JSON.stringify(order),
    });
    expect(accepted.status).toBe(202);
    const { messageId } = (await accepted.json()) as { messageId: string };
    const receipt = await waitFor(
      async () => {
        const response = await fetch(enforce.url(`/v1/messages/${messageId}/receipts`), {
          headers: { authorization: `Bearer ${ebpToken}`, accept: 'application/xml' },
        });
        return { status: response.status, body: await response.text() };
      },
      (r) => r.status === 200,
      { what: 'the XML receipt of the order', timeoutMs: 60_000 },
    );
    expect(receipt.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<CEB312Message /);
    expect(receipt.body).toContain('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">');
    expect(verifyCebSignature(receipt.body, [platform.certificate])).toMatchObject({
      status: 'valid',
      algorithm: platform.algorithm,
      fingerprint: platform.fingerprint,
    });
    const altered = receipt.body.replace(/<returnStatus>[^<]*</, '<returnStatus>399<');
    expect(altered).not.toBe(receipt.body);
    expect(verifyCebSignature(altered, [platform.certificate])).toMatchObject({
      status: 'invalid',
      failure: 'tampered',
    });
    // Another key's certificate does not verify it.
    expect(verifyCebSignature(receipt.body, [sm2.certificatePem])).toMatchObject({
      failure: 'unknownCertificate',
    });
  });
});
