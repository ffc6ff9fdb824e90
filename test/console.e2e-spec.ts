import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import { DEMO_ENTERPRISES, DEMO_INDIVIDUAL_SELLER } from '@swx/contracts';
import {
  launchBrowser,
  type PageProblems,
  queryRows,
  recreateDatabase,
  REPO_ROOT,
  ServiceProcess,
  skipConsumerGroupsToEnd,
  TEST_SECRETS,
  waitFor,
  watchPage,
} from '@swx/testing';

interface DemoCredential {
  label: string;
  clientId: string;
  clientSecret: string;
}
interface DemoStep {
  step: number;
  messageType: string;
  endpoint: string;
  sendAs: string;
  body: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedDemo } = require('../scripts/demo-seed.js') as {
  seedDemo: (options: {
    root: string;
    gatewayUrl: string;
    operatorId: string;
    operatorSecret: string;
    file: string;
  }) => Promise<unknown>;
};

/**
 * The Swagger console as a new integrator's first hour, in a real browser (Debian's Chromium, playwright-core):
 * the platform in local mode (demo clients seeded as `npm start` does), the console opened, each step done with
 * the console's own buttons — Authorize as each demo client the dialog lists, a token from the token endpoint's
 * example, a fresh import set declared (four documents) and the list's 120 then 800 in the receipts, a fresh
 * export set declared (six documents) and its list's release in the platform's feed, then the XML examples — and
 * no console error, failed answer or redirected API call on the way.
 */
describe('the Swagger console, first hour in a browser', () => {
  const db = `${process.env.TEST_DATABASE_URL!}_console`;
  const credentialsFile = join(mkdtempSync(join(tmpdir(), 'swx-console-')), 'demo-credentials.json');
  let gateway: ServiceProcess;
  let customs: ServiceProcess;
  let tax: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let watched: PageProblems;
  let credentials: DemoCredential[];

  const operation = (method: string, path: string): Locator =>
    page.locator(`.opblock.opblock-${method}:has(.opblock-summary-path[data-path="${path}"])`).first();

  /** Opens the operation's block if closed; try-it-out is on in this console. */
  const open = async (method: string, path: string): Promise<Locator> => {
    const block = operation(method, path);
    await block.scrollIntoViewIfNeeded();
    if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary').click();
    await block.locator('button.execute').waitFor();
    return block;
  };

  /** Clicks Execute and answers the status and body the console shows (and the network carried). */
  const execute = async (block: Locator, method: string, path: string) => {
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === method.toUpperCase() && new URL(r.url()).pathname === path,
      ),
      block.locator('button.execute').click(),
    ]);
    const status = response.status();
    const shown = block.locator('.live-responses-table tr.response .response-col_status').first();
    await waitFor(
      () => shown.innerText(),
      (text) => text.trim() === String(status),
      { timeoutMs: 10_000, intervalMs: 100, what: `the console showing ${status} for ${path}` },
    );
    return { status, body: await response.text() };
  };

  /** The receipts of the feed's first page (the console's `GET /v1/receipts` with no cursor). */
  interface FeedReceipt {
    documentType: string;
    orderNo: string;
    returnStatus: string;
  }
  const receiptsIn = (body: string) => (JSON.parse(body) as { receipts: FeedReceipt[] }).receipts;

  /** As `reader`, executes `GET /v1/receipts` in the console until `seen` holds for its receipts. */
  const watchFeed = async (reader: string, seen: (receipts: FeedReceipt[]) => boolean, what: string) => {
    await authorizeAs(credentials.find((c) => c.label.startsWith(reader))!.label);
    const feed = await open('get', '/v1/receipts');
    const answer = await waitFor(
      () => execute(feed, 'get', '/v1/receipts'),
      (r) => r.status === 200 && seen(receiptsIn(r.body)),
      { timeoutMs: 90_000, intervalMs: 1000, what: `${what} in ${reader.trim()}'s feed` },
    );
    return receiptsIn(answer.body);
  };

  /**
   * Executes `POST /v1/demo/{flow}-sets`, then each of its steps as the demo client it names, pasting the document
   * of the set into the endpoint's body: 202 each, nothing replayed.
   */
  const declareFreshSet = async (flow: 'import' | 'export') => {
    const demo = await execute(await open('post', `/v1/demo/${flow}-sets`), 'post', `/v1/demo/${flow}-sets`);
    expect(demo.status).toBe(200);
    const set = JSON.parse(demo.body) as { orderNo: string; steps: DemoStep[] } & Record<string, unknown>;
    for (const step of set.steps) {
      await authorizeAs(step.sendAs);
      const path = step.endpoint.replace(/^POST /, '');
      const block = await open('post', path);
      await block.locator('textarea.body-param__text').fill(JSON.stringify(set[step.body], null, 2));
      const answer = await execute(block, 'post', path);
      expect([step.messageType, answer.status, answer.status === 202 ? '' : answer.body]).toEqual([
        step.messageType,
        202,
        '',
      ]);
      expect(answer.body).not.toContain('replayed');
    }
    return set;
  };

  /** The who-am-I box's text once it names `expected`. */
  const whoAmIShows = (expected: string, what: string) =>
    waitFor(
      () =>
        page
          .locator('#swx-me')
          .innerText()
          .catch(() => ''),
      (text) => text.includes(expected),
      { timeoutMs: 10_000, what },
    );

  /** Authorize dialog, oauth2 scheme: logs out whoever was signed in, signs in as the demo client `label`. */
  const authorizeAs = async (label: string) => {
    const client = credentials.find((c) => label.startsWith(c.label));
    if (!client) throw new Error(`no demo client for "${label}"`);
    await page.locator('button.btn.authorize').first().click();
    const oauth2 = page.locator('.auth-container', { hasText: 'oauth2' });
    const logout = oauth2.locator('button', { hasText: 'Logout' });
    if (await logout.isVisible()) await logout.click();
    await oauth2.locator('input[id^="client_id"]').fill(client.clientId);
    await oauth2.locator('input[id^="client_secret"]').fill(client.clientSecret);
    await oauth2.locator('button.authorize', { hasText: 'Authorize' }).click();
    await oauth2.locator('button', { hasText: 'Logout' }).waitFor({ timeout: 10_000 });
    await page.locator('.dialog-ux button.btn-done').first().click();
    return client;
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    // Customs and tax start at the end of the shared broker's topics: tax assessment requests of the demo buyer that
    // earlier suites left unconsumed (customs without tax), or that customs would make catching up on their lists,
    // would otherwise fill the buyer's annual quota here (-621018 instead of a release).
    await skipConsumerGroupsToEnd(process.env.KAFKA_BROKERS!, ['customs', 'tax']);
    const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
    tax = ServiceProcess.spawn('tax', { ...env, PORT: '4862' }, 'console-tax');
    customs = ServiceProcess.spawn('customs', { ...env, PORT: '4861' }, 'console-customs');
    gateway = ServiceProcess.spawn(
      'gateway',
      {
        ...env,
        PORT: '4860',
        TAX_SERVICE_URL: 'http://127.0.0.1:4862',
        DEMO_MODE: 'true',
        DEMO_CREDENTIALS_FILE: credentialsFile,
      },
      'console-gateway',
    );
    await Promise.all([tax.ready(), customs.ready(), gateway.ready()]);
    // What `npm start` does in local mode: the demo enterprises and their clients, through the operator API.
    await seedDemo({
      root: REPO_ROOT,
      gatewayUrl: gateway.url(),
      operatorId: TEST_SECRETS.OPERATOR_CLIENT_ID,
      operatorSecret: TEST_SECRETS.OPERATOR_CLIENT_SECRET,
      file: credentialsFile,
    });
    credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as DemoCredential[];
    const demo = Object.values(DEMO_ENTERPRISES).map((e) => e.customsCode);
    await waitFor(
      () =>
        queryRows<{ n: number }>(
          db,
          'SELECT count(*)::int AS n FROM customs.enterprise WHERE customs_code = ANY($1)',
          [demo],
        ),
      (rows) => rows[0].n === demo.length,
      { timeoutMs: 60_000, what: "the demo enterprises in customs' registry" },
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    watched = watchPage(page, gateway.url());
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([gateway?.stop(), customs?.stop(), tax?.stop()]);
  });

  it('opens on a start in Chinese and English, with every tag described and the demo clients in Authorize', async () => {
    await page.goto(gateway.url('/docs'));
    await page.locator('.swagger-ui .info .title').waitFor();
    const info = await page.locator('.swagger-ui .info').innerText();
    expect(info).toContain('第一个小时');
    expect(info).toContain('Your first hour');
    expect(info).toContain('POST /v1/demo/import-sets');
    // Every tag section has its description.
    const tags = page.locator('.opblock-tag-section h3.opblock-tag');
    expect(await tags.count()).toBeGreaterThan(8);
    for (const tag of await tags.all()) {
      expect((await tag.locator('small, .markdown').innerText()).trim().length).toBeGreaterThan(0);
    }
    // The Authorize dialog lists the ten demo clients (the README names them), with the secrets of the local
    // credentials file.
    expect(credentials.map((c) => c.label.split(/[ :]/)[0])).toEqual([
      'ebp',
      'ebc',
      'pay',
      'logistics',
      'agent',
      'warehouse',
      'individual',
      'regulator',
      'regulator',
      'bank',
    ]);
    await page.locator('button.btn.authorize').first().click();
    const dialog = await page.locator('.auth-container', { hasText: 'oauth2' }).innerText();
    for (const c of credentials) {
      expect(dialog).toContain(c.label);
      expect(dialog).toContain(c.clientId);
      expect(dialog).toContain(c.clientSecret);
    }
    await page.locator('.dialog-ux button.btn-done').first().click();
  });

  it('authorizes as each demo client of the dialog and shows who it is under the title', async () => {
    for (const client of credentials) {
      await authorizeAs(client.label);
      // The enterprise's name, the regulator's agency or the kind, and the client id.
      const who = client.label.startsWith('regulator: ')
        ? `regulator: ${client.label.split(' ')[1]}`
        : client.label.startsWith('bank: ')
          ? 'Signed in as bank'
          : client.label.startsWith('individual seller ')
            ? `${DEMO_INDIVIDUAL_SELLER.name} (${DEMO_INDIVIDUAL_SELLER.customsCode}, ebc)`
            : client.label.slice(client.label.indexOf(' ') + 1);
      const text = await whoAmIShows(client.clientId, `who am I showing ${client.label}`);
      expect(text).toContain(who);
    }
    // Under the title, before the start text.
    expect(
      await page.locator('#swx-me').evaluate((el) => el.previousElementSibling?.matches('hgroup.main')),
    ).toBe(true);
  });

  it('gets an access token by executing the token endpoint as prefilled (the demo platform in local mode)', async () => {
    const platform = credentials.find((c) => c.label.startsWith('ebp '))!;
    const block = await open('post', '/v1/oauth/token');
    expect(await block.locator('tr[data-property-name="client_id"] input[type="text"]').inputValue()).toBe(
      platform.clientId,
    );
    const answer = await execute(block, 'post', '/v1/oauth/token');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      access_token: expect.stringMatching(/^ey/),
      token_type: 'Bearer',
      scope: 'documents:write documents:read',
    });
  });

  it('declares a fresh import set with the console alone and sees the list’s 120 then 800, also as the platform', async () => {
    await authorizeAs(credentials.find((c) => c.label.startsWith('ebp '))!.label);
    await whoAmIShows(DEMO_ENTERPRISES.platform.name, 'the signed-in platform shown under the title');
    const set = await declareFreshSet('import');
    expect(set.steps.map((s) => s.messageType)).toEqual(['CEB311', 'CEB411', 'CEB511', 'CEB621']);

    // The broker who declared the list, then the platform whose order it is: both see it matched, then released.
    const listStatuses = (receipts: FeedReceipt[]) =>
      receipts
        .filter((r) => r.orderNo === set.orderNo && r.documentType === 'CEB621')
        .map((r) => r.returnStatus);
    for (const reader of ['agent ', 'ebp ']) {
      const receipts = await watchFeed(
        reader,
        (r) => listStatuses(r).includes('800'),
        `the list of ${set.orderNo} released (800)`,
      );
      const statuses = listStatuses(receipts);
      expect(statuses.indexOf('120')).toBeGreaterThanOrEqual(0);
      expect(statuses.indexOf('120')).toBeLessThan(statuses.indexOf('800'));
    }
  });

  it('declares a fresh export set with the console alone, and the platform sees its list released (CEB603 800)', async () => {
    const set = await declareFreshSet('export');
    expect(set.steps.map((s) => s.messageType)).toEqual([
      'CEB303',
      'CEB403',
      'CEB505',
      'CEB603',
      'CEB507',
      'CEB509',
    ]);
    // The platform did not declare the list (the broker did): its feed still has the list's outcome.
    await watchFeed(
      'ebp ',
      (r) =>
        r.some((x) => x.orderNo === set.orderNo && x.documentType === 'CEB603' && x.returnStatus === '800'),
      `the export list of ${set.orderNo} released (800)`,
    );
  });

  it('runs the XML examples as shown (a document endpoint, /v1/ceb-messages), signed in still after a reload', async () => {
    await authorizeAs(credentials.find((c) => c.label.startsWith('ebp '))!.label);
    // A fresh page (the request bodies typed above are gone); the authorization persists.
    await page.reload();
    await page.locator('.swagger-ui .info .title').waitFor();
    await whoAmIShows(
      DEMO_ENTERPRISES.platform.name,
      'still signed in after a reload (persistAuthorization)',
    );
    const block = await open('post', '/v1/import/orders');
    await block.locator('select[aria-label="Request content type"]').selectOption('application/xml');
    const body = block.locator('textarea.body-param__text');
    await waitFor(
      () => body.inputValue(),
      (text) => text.startsWith('<?xml') && text.includes('<ceb:CEB311Message'),
      { timeoutMs: 10_000, what: 'the CEB311 XML example in the request body' },
    );
    const answer = await execute(block, 'post', '/v1/import/orders');
    expect(answer.status).toBe(202);

    // Any declaration message at /v1/ceb-messages: the platform's export order, picked in the examples list.
    const any = await open('post', '/v1/ceb-messages');
    await any.locator('.examples-select select').selectOption('CEB303Message');
    await waitFor(
      () => any.locator('textarea.body-param__text').inputValue(),
      (text) => text.startsWith('<?xml') && text.includes('<ceb:CEB303Message'),
      { timeoutMs: 10_000, what: 'the CEB303 XML example in the request body' },
    );
    const message = await execute(any, 'post', '/v1/ceb-messages');
    expect([message.status, message.status === 202 ? '' : message.body]).toEqual([202, '']);
  });

  it('clears who am I at logout, and nothing went wrong on the page', async () => {
    await page.locator('button.btn.authorize').first().click();
    await page
      .locator('.auth-container', { hasText: 'oauth2' })
      .locator('button', { hasText: 'Logout' })
      .click();
    await page.locator('.dialog-ux button.btn-done').first().click();
    await waitFor(
      () => page.locator('#swx-me').isVisible(),
      (visible) => !visible,
      { timeoutMs: 10_000, what: 'who am I cleared' },
    );
    await page.screenshot({
      path: join(REPO_ROOT, '.run', 'test-logs', 'console-first-hour.png'),
      fullPage: false,
    });
    expect(watched.problems).toEqual([]);
  });
});
