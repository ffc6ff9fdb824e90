import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import { DEMO_ENTERPRISES } from '@swx/contracts';
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
 * the console's own buttons — Authorize as the demo client the step names, get a fresh demo set, declare the four
 * import documents, watch the receipts until the list is released (800), then the XML example — and no console
 * error or failed answer on the way.
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
    // The Authorize dialog lists the demo clients, with the secrets of the local credentials file.
    await page.locator('button.btn.authorize').first().click();
    const dialog = await page.locator('.auth-container', { hasText: 'oauth2' }).innerText();
    for (const c of credentials) {
      expect(dialog).toContain(c.clientId);
      expect(dialog).toContain(c.clientSecret);
    }
    await page.locator('.dialog-ux button.btn-done').first().click();
  });

  it('declares a fresh import set with the console alone and sees the list released (800), also as the platform', async () => {
    await authorizeAs(credentials.find((c) => c.label.startsWith('ebp '))!.label);
    // Who am I, under the title.
    await waitFor(
      () =>
        page
          .locator('#swx-me')
          .innerText()
          .catch(() => ''),
      (text) => text.includes(DEMO_ENTERPRISES.platform.name),
      { timeoutMs: 10_000, what: 'the signed-in platform shown under the title' },
    );

    const demo = await execute(await open('post', '/v1/demo/import-sets'), 'post', '/v1/demo/import-sets');
    expect(demo.status).toBe(200);
    const set = JSON.parse(demo.body) as { orderNo: string; steps: DemoStep[] } & Record<string, unknown>;
    expect(set.steps.map((s) => s.messageType)).toEqual(['CEB311', 'CEB411', 'CEB511', 'CEB621']);

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

    // The broker who declared the list, then the platform whose order it is: both see the release.
    for (const reader of ['agent ', 'ebp ']) {
      await authorizeAs(credentials.find((c) => c.label.startsWith(reader))!.label);
      const feed = await open('get', '/v1/receipts');
      const released = await waitFor(
        () => execute(feed, 'get', '/v1/receipts'),
        (r) => {
          const receipts = (JSON.parse(r.body) as { receipts: { orderNo: string; returnStatus: string }[] })
            .receipts;
          return receipts.some((x) => x.orderNo === set.orderNo && x.returnStatus === '800');
        },
        {
          timeoutMs: 90_000,
          intervalMs: 1000,
          what: `the list of ${set.orderNo} released (800) in ${reader}'s feed`,
        },
      );
      expect(released.status).toBe(200);
    }
  });

  it('runs the XML example of an endpoint as it is shown, signed in still after a reload', async () => {
    await authorizeAs(credentials.find((c) => c.label.startsWith('ebp '))!.label);
    // A fresh page (the request bodies typed above are gone); the authorization persists.
    await page.reload();
    await page.locator('.swagger-ui .info .title').waitFor();
    await waitFor(
      () =>
        page
          .locator('#swx-me')
          .innerText()
          .catch(() => ''),
      (text) => text.includes(DEMO_ENTERPRISES.platform.name),
      { timeoutMs: 10_000, what: 'still signed in after a reload (persistAuthorization)' },
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
