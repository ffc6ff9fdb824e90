'use strict';
/*
 * Local mode of `npm start`: registers the demo enterprises (the ones the Swagger examples use) and a
 * customs regulator through the gateway's own operator API, issues each a client, and returns the credentials
 * so the console can be tried at once. Credentials are kept in .run/demo-credentials.json (git-ignored) and
 * reused while they still work. Production mode (PLATFORM_MODE=production) never calls this.
 */
const fs = require('node:fs');
const path = require('node:path');

async function call(base, method, url, { token, body, form } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(form).toString();
  } else if (body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${base}${url}`, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function token(base, clientId, clientSecret) {
  const res = await call(base, 'POST', '/v1/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  return res.status === 200 ? res.body.access_token : undefined;
}

async function seedDemo({
  root,
  gatewayUrl,
  operatorId,
  operatorSecret,
  file = path.join(root, '.run', 'demo-credentials.json'),
}) {
  // The demo bank (forex) is registered by the operator and named by the demo seller and the demo individual
  // seller as holding their FX accounts; the individual seller is the one of the personal FX account examples.
  const { DEMO_ENTERPRISES, DEMO_BANK, DEMO_INDIVIDUAL_SELLER } = require(
    path.join(root, 'dist', 'libs', 'contracts', 'src', 'ceb', 'demo-enterprises.js'),
  );
  let stored = [];
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // first local start
  }
  const operator = await token(gatewayUrl, operatorId, operatorSecret);
  if (!operator) throw new Error('the operator credentials were refused by the gateway');

  const wanted = [
    ...Object.values(DEMO_ENTERPRISES).map((e) => ({
      label: `${e.roles.join('/')} ${e.name}`,
      enterprise: e,
    })),
    {
      label: `individual seller ${DEMO_INDIVIDUAL_SELLER.name} ${DEMO_INDIVIDUAL_SELLER.customsCode}`,
      individual: DEMO_INDIVIDUAL_SELLER,
    },
    { label: 'regulator: customs (with personal data)', agency: 'customs' },
    { label: 'regulator: forex (SAFE)', agency: 'forex' },
    { label: `bank: ${DEMO_BANK.name} ${DEMO_BANK.swiftCode}`, bank: DEMO_BANK },
  ];
  const credentials = [];
  for (const item of wanted) {
    const known = stored.find((c) => c.label === item.label);
    if (known && (await token(gatewayUrl, known.clientId, known.clientSecret))) {
      credentials.push(known);
      continue;
    }
    if (item.bank) {
      const registered = await call(gatewayUrl, 'POST', '/v1/banks', { token: operator, body: item.bank });
      if (registered.status !== 201 && registered.status !== 409)
        throw new Error(
          `registering the demo bank: HTTP ${registered.status} ${JSON.stringify(registered.body)}`,
        );
    }
    if (item.enterprise) {
      const e = item.enterprise;
      const registered = await call(gatewayUrl, 'POST', '/v1/enterprises', {
        token: operator,
        body: {
          customsCode: e.customsCode,
          kind: 'enterprise',
          creditCode: e.creditCode,
          name: e.name,
          roles: e.roles,
          contacts: [{ name: '示范联系人', telephone: '057100000000', email: 'demo@example.com' }],
        },
      });
      if (registered.status !== 201 && registered.status !== 409) {
        throw new Error(
          `registering ${e.customsCode}: HTTP ${registered.status} ${JSON.stringify(registered.body)}`,
        );
      }
    }
    if (item.individual) {
      const i = item.individual;
      const registered = await call(gatewayUrl, 'POST', '/v1/enterprises', {
        token: operator,
        body: {
          customsCode: i.customsCode,
          kind: 'individual',
          idNumber: i.idNumber,
          name: i.name,
          roles: i.roles,
          contacts: [{ name: i.name, telephone: i.telephone, email: 'demo@example.com' }],
        },
      });
      if (registered.status !== 201 && registered.status !== 409) {
        throw new Error(
          `registering ${i.customsCode}: HTTP ${registered.status} ${JSON.stringify(registered.body)}`,
        );
      }
    }
    const owner = item.enterprise || item.individual;
    const issued = await call(gatewayUrl, 'POST', '/v1/clients', {
      token: operator,
      body: owner
        ? { kind: 'enterprise', enterpriseCode: owner.customsCode, description: 'demo (npm start)' }
        : item.bank
          ? { kind: 'bank', bankCode: item.bank.swiftCode, description: 'demo (npm start)' }
          : {
              kind: 'regulator',
              agency: item.agency,
              scopes: ['regulator:read', ...(item.agency === 'customs' ? ['personal-data:read'] : [])],
              description: 'demo (npm start)',
            },
    });
    if (issued.status !== 201)
      throw new Error(`issuing a client: HTTP ${issued.status} ${JSON.stringify(issued.body)}`);
    credentials.push({
      label: item.label,
      clientId: issued.body.clientId,
      clientSecret: issued.body.clientSecret,
    });
  }
  // The demo regulator also subscribes on Kafka (examples/regulator-consumer): its agency's topics and groups.
  for (const item of wanted.filter((w) => w.agency)) {
    const { clientId } = credentials.find((c) => c.label === item.label);
    const granted = await call(gatewayUrl, 'PUT', `/v1/clients/${clientId}/kafka-access`, {
      token: operator,
    });
    if (granted.status !== 200)
      throw new Error(
        `granting ${clientId} Kafka access: HTTP ${granted.status} ${JSON.stringify(granted.body)}`,
      );
  }
  // Lists are released only with tax guaranteed (税款担保): the demo list's guarantor is the demo agent.
  const guarantee = await call(
    gatewayUrl,
    'PUT',
    `/v1/tax/guarantee-accounts/${DEMO_ENTERPRISES.agent.customsCode}`,
    {
      token: operator,
      body: { kind: 'deposit', amount: '100000.00', reference: 'demo deposit (npm start)' },
    },
  );
  if (guarantee.status >= 300) {
    throw new Error(
      `recording the demo guarantee account: HTTP ${guarantee.status} ${JSON.stringify(guarantee.body)}`,
    );
  }
  // The demo seller and the demo individual seller keep their FX accounts at the demo bank: the bank reads their
  // transaction e-information and opens the individual's personal FX settlement account (forex).
  for (const owner of [DEMO_ENTERPRISES.seller, DEMO_INDIVIDUAL_SELLER]) {
    const client = credentials.find((c) =>
      owner === DEMO_INDIVIDUAL_SELLER
        ? c.label.startsWith('individual seller ')
        : c.label.startsWith(`${owner.roles.join('/')} `),
    );
    const ownerToken = client && (await token(gatewayUrl, client.clientId, client.clientSecret));
    const named =
      ownerToken &&
      (await call(gatewayUrl, 'PUT', '/v1/forex/banks', {
        token: ownerToken,
        body: { bankCodes: [DEMO_BANK.swiftCode] },
      }));
    if (!named || named.status !== 200)
      throw new Error(
        `naming the demo bank for ${owner.customsCode}: HTTP ${named && named.status} ${JSON.stringify(named && named.body)}`,
      );
  }
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

/** The demo regulator person of the console (/console): a named customs officer, without the personal-data scope. */
const DEMO_PERSON = {
  label: 'regulator person: customs (console)',
  login: 'demo.customs',
  displayName: '演示 海关监管员 · Demo customs officer',
  kind: 'regulator',
  agency: 'customs',
  scopes: ['regulator:read'],
};

async function signsIn(base, login, password) {
  const res = await call(base, 'POST', '/v1/staff-sessions', { body: { login, password } });
  return res.status === 201;
}

/**
 * Local mode: the demo regulator person of the console, issued through the operator API (POST /v1/staff-accounts)
 * with a generated password, kept in .run/demo-people.json (git-ignored, 0600) and reused while it still signs
 * in; otherwise its password is reset (an existing account) and the new one kept.
 */
async function seedDemoPeople({
  root,
  gatewayUrl,
  operatorId,
  operatorSecret,
  file = path.join(root, '.run', 'demo-people.json'),
}) {
  let stored = [];
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // first local start
  }
  const known = stored.find((p) => p.login === DEMO_PERSON.login);
  if (known && (await signsIn(gatewayUrl, known.login, known.password))) return [known];
  const operator = await token(gatewayUrl, operatorId, operatorSecret);
  if (!operator) throw new Error('the operator credentials were refused by the gateway');
  const { label, ...account } = DEMO_PERSON;
  let issued = await call(gatewayUrl, 'POST', '/v1/staff-accounts', { token: operator, body: account });
  if (issued.status === 409) {
    const list = await call(gatewayUrl, 'GET', '/v1/staff-accounts', { token: operator });
    const existing = list.status === 200 && list.body.items.find((a) => a.login === DEMO_PERSON.login);
    if (!existing) throw new Error(`the demo person ${DEMO_PERSON.login} exists but cannot be read`);
    if (existing.status === 'disabled')
      await call(gatewayUrl, 'PATCH', `/v1/staff-accounts/${existing.id}`, {
        token: operator,
        body: { disabled: false },
      });
    issued = await call(gatewayUrl, 'POST', `/v1/staff-accounts/${existing.id}/password-reset`, {
      token: operator,
      body: {},
    });
  }
  if (issued.status !== 201)
    throw new Error(`issuing the demo person: HTTP ${issued.status} ${JSON.stringify(issued.body)}`);
  const people = [{ label, login: DEMO_PERSON.login, password: issued.body.password }];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(people, null, 2), { mode: 0o600 });
  return people;
}

/**
 * Local mode: one fresh import set and one fresh export set (POST /v1/demo/import-sets and export-sets), each
 * document declared by the demo client its step names, so that the console's charts, risk and receipts have
 * something to show right after `npm start`. Customs releases both within seconds (statistics count at 800).
 * Returns the order numbers.
 */
async function pushDemoFlow({ gatewayUrl, credentials }) {
  const tokens = new Map();
  const tokenOf = async (sendAs) => {
    const client = credentials.find((c) => sendAs.startsWith(c.label));
    if (!client) throw new Error(`no demo client for "${sendAs}"`);
    if (!tokens.has(client.clientId))
      tokens.set(client.clientId, await token(gatewayUrl, client.clientId, client.clientSecret));
    return tokens.get(client.clientId);
  };
  const any = await tokenOf(credentials[0].label);
  const orders = [];
  for (const kind of ['import-sets', 'export-sets']) {
    const set = await call(gatewayUrl, 'POST', `/v1/demo/${kind}`, { token: any });
    if (set.status !== 200) throw new Error(`POST /v1/demo/${kind}: HTTP ${set.status}`);
    for (const step of set.body.steps) {
      const [method, url] = step.endpoint.split(' ');
      const sent = await call(gatewayUrl, method, url, {
        token: await tokenOf(step.sendAs),
        body: set.body[step.body],
      });
      if (sent.status >= 300)
        throw new Error(
          `${step.endpoint} (${step.messageType}): HTTP ${sent.status} ${JSON.stringify(sent.body)}`,
        );
    }
    orders.push(set.body.orderNo);
  }
  return orders;
}

module.exports = { seedDemo, seedDemoPeople, pushDemoFlow, DEMO_PERSON };
