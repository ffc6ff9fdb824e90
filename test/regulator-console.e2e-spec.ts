import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

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
interface DemoPerson {
  label: string;
  login: string;
  password: string;
}
interface Operator {
  root: string;
  gatewayUrl: string;
  operatorId: string;
  operatorSecret: string;
  file: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const seed = require('../scripts/demo-seed.js') as {
  seedDemo: (options: Operator) => Promise<DemoCredential[]>;
  seedDemoPeople: (options: Operator) => Promise<DemoPerson[]>;
  pushDemoFlow: (options: { gatewayUrl: string; credentials: DemoCredential[] }) => Promise<string[]>;
};

/** An 18-character resident ID number anywhere in a text: never on a page for a person without the scope. */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

/**
 * The regulator console as a person uses it, in a real browser (Debian's Chromium, playwright-core): the platform
 * as processes on real Kafka and PostgreSQL, seeded as `npm start` does in local mode (demo clients, the demo
 * regulator person, one import and one export order declared), the landing page, sign-in through the form as the
 * named person, the charts drawn with the released orders' figures, the language switch, risk warnings and credit
 * lists, a document's receipts, sign-out; a screenshot under .run/, and no console error or failed answer.
 */
describe('the regulator console in a browser', () => {
  const db = `${process.env.TEST_DATABASE_URL!}_regulator_console`;
  const dir = mkdtempSync(join(tmpdir(), 'swx-regulator-console-'));
  const shots = join(REPO_ROOT, '.run', 'screenshots');
  const services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let browser: Browser;
  let page: Page;
  let watched: PageProblems;
  let operator: Operator;
  let person: DemoPerson;
  let orders: string[];

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(gateway.url(path), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as never) : undefined };
  };
  const signIn = async (login: string, password: string) =>
    call('POST', '/v1/staff-sessions', undefined, { login, password });
  const operatorToken = async (): Promise<string> => {
    const res = await fetch(gateway.url('/v1/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: TEST_SECRETS.OPERATOR_CLIENT_ID,
        client_secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET,
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };

  interface Volumes {
    rows: { key: string; label: string; count: number; valueCny: string }[];
    total: { count: number; valueCny: string };
  }
  interface ChartOption {
    xAxis: { data: string[] }[];
    legend?: { data?: string[] }[];
    series: { type: string; data: (number | { value: number; name?: string })[] }[];
  }
  const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const sessionToken = async (): Promise<string> =>
    page.evaluate(
      () =>
        (JSON.parse(sessionStorage.getItem('swx-console-session') ?? '{}') as { accessToken: string })
          .accessToken,
    );
  const volumes = async (token: string, dimension: string, direction: string): Promise<Volumes> => {
    const query = new URLSearchParams({
      dimension,
      direction,
      from: await page.locator('#from').inputValue(),
      to: await page.locator('#to').inputValue(),
    });
    const answer = await call('GET', `/v1/statistics/volumes?${query.toString()}`, token);
    if (answer.status !== 200) throw new Error(`volumes ${dimension}: HTTP ${answer.status}`);
    return answer.body as unknown as Volumes;
  };
  /** The ECharts option of a chart as drawn on the page (null while none is drawn). */
  const chartOf = (id: string): Promise<ChartOption | null> =>
    page.evaluate((elementId) => {
      // In the page: its document and the ECharts the console loaded.
      const g = globalThis as unknown as {
        document: { getElementById(id: string): object | null };
        echarts?: { getInstanceByDom(element: object): { getOption(): unknown } | undefined };
      };
      const el = g.document.getElementById(elementId);
      const chart = el && g.echarts?.getInstanceByDom(el);
      return chart ? (JSON.parse(JSON.stringify(chart.getOption())) as ChartOption) : null;
    }, id);
  /** Whether the chart shows the answer's rows: each key (as the start of its label) with its count. */
  const sameCounts = (option: ChartOption, answer: Volumes): boolean => {
    const series = option.series[0];
    const data = series.data.map((d) => (typeof d === 'number' ? d : d.value));
    const labels =
      series.type === 'pie'
        ? series.data.map((d) => (typeof d === 'number' ? '' : (d.name ?? '')))
        : (option.xAxis?.[0]?.data ?? []);
    return (
      JSON.stringify(data) === JSON.stringify(answer.rows.map((r) => r.count)) &&
      answer.rows.every((r, i) => labels[i]?.startsWith(r.key))
    );
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    // Customs and tax start at the end of the shared broker's topics: tax assessment requests of the demo buyer that
    // earlier suites left unconsumed (customs without tax), or that customs would make catching up on their lists,
    // would otherwise fill the buyer's annual quota here (-621018 instead of a release).
    await skipConsumerGroupsToEnd(process.env.KAFKA_BROKERS!, ['customs', 'tax']);
    mkdirSync(shots, { recursive: true });
    const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
    const at = (port: number) => `http://127.0.0.1:${port}`;
    services.push(
      ServiceProcess.spawn('tax', { ...env, PORT: '5202' }, 'regconsole-tax'),
      ServiceProcess.spawn(
        'customs',
        { ...env, PORT: '5201', CUSTOMS_INSPECTION_RATE_B: '0' },
        'regconsole-customs',
      ),
      ServiceProcess.spawn('risk', { ...env, PORT: '5203' }, 'regconsole-risk'),
      ServiceProcess.spawn('credit', { ...env, PORT: '5204' }, 'regconsole-credit'),
      ServiceProcess.spawn('statistics', { ...env, PORT: '5205' }, 'regconsole-statistics'),
    );
    gateway = ServiceProcess.spawn(
      'gateway',
      {
        ...env,
        PORT: '5200',
        TAX_SERVICE_URL: at(5202),
        RISK_SERVICE_URL: at(5203),
        CREDIT_SERVICE_URL: at(5204),
        STATISTICS_SERVICE_URL: at(5205),
        DEMO_MODE: 'true',
        DEMO_CREDENTIALS_FILE: join(dir, 'demo-credentials.json'),
      },
      'regconsole-gateway',
    );
    services.push(gateway);
    await Promise.all(services.map((s) => s.ready()));
    operator = {
      root: REPO_ROOT,
      gatewayUrl: gateway.url(),
      operatorId: TEST_SECRETS.OPERATOR_CLIENT_ID,
      operatorSecret: TEST_SECRETS.OPERATOR_CLIENT_SECRET,
      file: join(dir, 'demo-credentials.json'),
    };
    // What `npm start` does in local mode: demo clients, the demo person, one import and one export order.
    const credentials = await seed.seedDemo(operator);
    [person] = await seed.seedDemoPeople({ ...operator, file: join(dir, 'demo-people.json') });
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
    orders = await seed.pushDemoFlow({ gatewayUrl: gateway.url(), credentials });
    await waitFor(
      () =>
        queryRows<{ n: number }>(
          db,
          `SELECT count(DISTINCT m.order_key)::int AS n FROM gateway.receipt r
             JOIN gateway.message_log m ON m.id = r.message_id
            WHERE m.order_key = ANY($1) AND r.return_status = '800'`,
          [orders],
        ),
      (rows) => rows[0].n === orders.length,
      { timeoutMs: 90_000, intervalMs: 500, what: `the demo orders ${orders.join(', ')} released (800)` },
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, locale: 'zh-CN' });
    watched = watchPage(page, gateway.url());
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(services.map((s) => s.stop()));
  });

  it('keeps the demo person in the local people file, and it signs in', async () => {
    const stored = JSON.parse(readFileSync(join(dir, 'demo-people.json'), 'utf8')) as DemoPerson[];
    expect(stored).toEqual([person]);
    expect(person.login).toBe('demo.customs');
    expect((await signIn(person.login, person.password)).status).toBe(201);
    // A second seeding reuses it while it still signs in.
    const again = await seed.seedDemoPeople({ ...operator, file: join(dir, 'demo-people.json') });
    expect(again).toEqual([person]);
  });

  it('leads from the landing page to the console, Swagger and the docs', async () => {
    await page.goto(gateway.url('/'));
    for (const [id, href] of [
      ['#link-console', '/console'],
      ['#link-swagger', '/docs'],
      ['#link-openapi', '/docs-json'],
      ['#link-asyncapi', '/asyncapi.yaml'],
    ]) {
      expect(await page.locator(id).getAttribute('href')).toBe(href);
      const res = await fetch(gateway.url(href));
      expect([href, res.status]).toEqual([href, 200]);
    }
    await page.locator('#link-console').click();
    await page.locator('#sign-in-form').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#sign-in-form h1').innerText()).toBe('工作人员登录');
  });

  it('refuses a wrong password with a message, and signs the named person in through the form', async () => {
    await page.locator('#login').fill(person.login);
    await page.locator('#password').fill('not-the-password');
    await page.locator('#sign-in-form button[type="submit"]').click();
    await page.locator('#sign-in-message').waitFor();
    expect(await page.locator('#sign-in-message').innerText()).toContain('登录失败');
    // That refusal is the one failed answer (and the browser's own log line of it) this test expects.
    const expected = (p: string) => p.includes('/v1/staff-sessions') || p.includes('401');
    expect(watched.problems.filter(expected).length).toBeGreaterThan(0);
    watched.problems = watched.problems.filter((p) => !expected(p));

    await page.locator('#password').fill(person.password);
    await page.locator('#sign-in-form button[type="submit"]').click();
    await page.locator('#app').waitFor();
    expect(await page.locator('#who').innerText()).toContain('演示 海关监管员');
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
  });

  it('draws volumes by trade mode, business type, country, HS chapter and day with the released orders', async () => {
    const token = await sessionToken();
    const today = chinaToday();
    for (const direction of ['import', 'export'] as const) {
      // The statistics count at release (800): wait until this direction's order is counted (the demo import is a
      // bonded 1210 order, the export a 9610 one), then ask the page.
      const mode = direction === 'import' ? '1210' : '9610';
      const expected = await waitFor(
        () => volumes(token, 'tradeMode', direction),
        (v) => v.rows.some((r) => r.key === mode && r.count >= 1),
        // Long enough for a statistics instance that first reads what earlier suites left on the shared broker.
        { timeoutMs: 120_000, intervalMs: 500, what: `the ${direction} order counted under ${mode}` },
      );
      await page.locator('#direction').selectOption(direction);
      await page.locator('#stats-filter button[type="submit"]').click();
      const shown = await waitFor(
        () => chartOf('chart-tradeMode'),
        (o) => o !== null && sameCounts(o, expected),
        { timeoutMs: 15_000, what: `the ${direction} trade-mode chart drawn with the answer's figures` },
      );
      expect(shown!.xAxis[0].data.some((label) => label.startsWith(mode))).toBe(true);
      // The totals shown are the answer's exact decimal strings.
      expect(await page.locator('#total-count').innerText()).toBe(String(expected.total.count));
      expect(await page.locator('#total-value').innerText()).toBe(expected.total.valueCny);
      expect(expected.total.count).toBeGreaterThanOrEqual(1);
      expect(Number(expected.total.valueCny)).toBeGreaterThan(0);
      // Every chart has data: none is blank, none stands in for a message.
      for (const dimension of ['businessType', 'country', 'hsChapter', 'day']) {
        const answer = await volumes(token, dimension, direction);
        expect([dimension, answer.rows.length > 0]).toEqual([dimension, true]);
        const option = await waitFor(
          () => chartOf(`chart-${dimension}`),
          (o) => o !== null && sameCounts(o, answer),
          { timeoutMs: 10_000, what: `the ${direction} ${dimension} chart drawn with the answer's figures` },
        );
        if (dimension === 'day') expect(option!.xAxis[0].data).toContain(today);
      }
      expect(await page.locator('.chart-box .message:visible').count()).toBe(0);
      if (direction === 'import')
        await page.screenshot({ path: join(shots, 'regulator-console-statistics.png'), fullPage: true });
    }
    // A period without declarations: every chart gives way to a message, none is drawn blank.
    const [from, to] = [await page.locator('#from').inputValue(), await page.locator('#to').inputValue()];
    await page.locator('#from').fill('2020-01-01');
    await page.locator('#to').fill('2020-01-02');
    await page.locator('#stats-filter button[type="submit"]').click();
    await waitFor(
      () => page.locator('.chart-box .message:visible').allInnerTexts(),
      (texts) => texts.length === 5 && texts.every((t) => t === '所选期间没有数据。'),
      { timeoutMs: 10_000, what: 'the no-data message in place of each of the five charts' },
    );
    expect(await chartOf('chart-tradeMode')).toBeNull();
    expect(await page.locator('.chart:visible').count()).toBe(0);
    await page.locator('#from').fill(from);
    await page.locator('#to').fill(to);
    await page.locator('#stats-filter button[type="submit"]').click();
    await waitFor(
      () => page.locator('.chart:visible').count(),
      (n) => n === 5,
      { timeoutMs: 10_000, what: 'the five charts drawn again' },
    );
    // The CSV of a dimension, downloaded with the person's session.
    await page.locator('#csv-dimension').selectOption('tradeMode');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('9610'); // the direction chosen last: export
    // The monthly report of this month, as CSV and as HTML with its charts, with both orders' trade modes.
    for (const [button, format] of [
      ['#report-csv', 'csv'],
      ['#report-html', 'html'],
    ]) {
      const [report] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
      expect(report.suggestedFilename()).toBe(`statistics-${today.slice(0, 7)}.${format}`);
      const text = readFileSync((await report.path())!, 'utf8');
      expect([format, text.includes('1210'), text.includes('9610')]).toEqual([format, true, true]);
      if (format === 'html') expect(text).toContain('<svg');
    }
    // In English, the same charts with English names.
    await page.locator('#lang').click();
    await waitFor(
      () => chartOf('chart-tradeMode'),
      (o) => o?.legend?.[0]?.data?.[0] === 'Declarations',
      { timeoutMs: 5_000, what: 'the chart legend in English' },
    );
    expect(await page.locator('#tabs button[data-tab="stats"]').innerText()).toBe('Statistics');
    await page.locator('#lang').click();
    expect(await page.locator('#tabs button[data-tab="stats"]').innerText()).toBe('统计');
  });

  it('shows risk warnings, the B2B verification and credit lists as tables or as a message, never blank', async () => {
    await page.locator('#tabs button[data-tab="risk"]').click();
    await waitFor(
      async () =>
        (await page.locator('#risk-table').isVisible()) || (await page.locator('#risk-message').isVisible()),
      (shown) => shown,
      { timeoutMs: 15_000, what: 'the risk warnings or their message' },
    );
    if (await page.locator('#risk-message').isVisible())
      expect(await page.locator('#risk-message').innerText()).toBe('暂无风险预警。');
    expect(await page.locator('#risk-message.error').count()).toBe(0);

    // B2B verification (9710/9810 exports): the demo export is a 9610 one, so a table or a message, no error.
    await page.locator('#tabs button[data-tab="b2b"]').click();
    await waitFor(
      async () =>
        (await page.locator('#b2b-table').isVisible()) || (await page.locator('#b2b-message').isVisible()),
      (shown) => shown,
      { timeoutMs: 15_000, what: 'the B2B verification or its message' },
    );
    expect(await page.locator('#b2b-message.error').count()).toBe(0);
    expect(await page.locator('#b2b-summary').innerText()).toMatch(/^9710\/9810 出口清单 \d+ 票/);

    await page.locator('#tabs button[data-tab="credit"]').click();
    await waitFor(
      async () =>
        (await page.locator('#credit-table').isVisible()) ||
        (await page.locator('#credit-message').isVisible()),
      (shown) => shown,
      { timeoutMs: 15_000, what: 'the credit list or its message' },
    );
    expect(await page.locator('#credit-message.error').count()).toBe(0);

    // A decision of the signed-in person (customs decides credit lists) shows as a row of the list it names: an
    // enterprise code of this run alone, so no other suite's customs grades by it.
    const code = `3301W${String(Date.now() % 100_000).padStart(5, '0')}`;
    const decided = await call('POST', '/v1/credit/list-entries', await sessionToken(), {
      enterpriseCode: code,
      list: 'whitelist',
      reason: '海关高级认证企业',
      decidedBy: `${person.label} (${person.login})`,
    });
    expect(decided.status).toBe(201);
    await page.locator('#credit-list').selectOption('whitelist');
    const row = page.locator('#credit-table tbody tr', { hasText: code });
    await waitFor(
      async () => {
        await page.locator('#credit-filter button[type="submit"]').click();
        return row.count();
      },
      (n) => n === 1,
      { timeoutMs: 20_000, intervalMs: 500, what: `the whitelisted ${code} in the credit list` },
    );
    expect(await row.innerText()).toContain('whitelist');
  });

  it('drills down from an order number to its documents and the list’s receipts (800), in English', async () => {
    await page.locator('#lang').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#tabs button[data-tab="receipts"]').innerText()).toBe('Receipts');
    await page.locator('#tabs button[data-tab="receipts"]').click();
    await page.locator('#doc-search').fill(orders[0]);
    await page.locator('#receipts-filter button[type="submit"]').click();
    const rows = page.locator('#documents-table tbody tr');
    await waitFor(
      () => rows.count(),
      (n) => n === 4,
      { timeoutMs: 10_000, what: `the four documents of ${orders[0]}` },
    );
    const types = await page.locator('#documents-table tbody tr td:first-child').allInnerTexts();
    expect(types.sort()).toEqual(['CEB311', 'CEB411', 'CEB511', 'CEB621']);
    await page
      .locator('#documents-table tbody tr', { hasText: 'CEB621' })
      .locator('button.show-receipts')
      .click();
    await waitFor(
      () => page.locator('#receipts-table td.return-status').allInnerTexts(),
      (statuses) => statuses.includes('800'),
      { timeoutMs: 10_000, what: 'the list’s release receipt (800)' },
    );
    expect(await page.locator('#receipts-title').innerText()).toContain('Receipts of CEB621');
    // The person has no personal-data scope: no clear ID number anywhere on the page.
    expect(await page.locator('body').innerText()).not.toMatch(ID_NUMBER);
    await page.screenshot({ path: join(shots, 'regulator-console-receipts.png'), fullPage: true });
    await page.locator('#lang').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('signs out: the session token stops working, and the form is back', async () => {
    const token = await page.evaluate(
      () =>
        (JSON.parse(sessionStorage.getItem('swx-console-session') ?? '{}') as { accessToken?: string })
          .accessToken,
    );
    expect(token).toBeTruthy();
    expect((await call('GET', '/v1/me', token)).status).toBe(200);
    await page.locator('#sign-out').click();
    await page.locator('#sign-in-form').waitFor();
    expect((await call('GET', '/v1/me', token)).status).toBe(401);
    expect(watched.problems).toEqual([]);
  });

  it('ends a disabled person’s sessions at once and refuses its sign-in until enabled again', async () => {
    const op = await operatorToken();
    const created = await call('POST', '/v1/staff-accounts', op, {
      login: 'zhao.min',
      displayName: '赵敏 (杭州海关)',
      kind: 'regulator',
      agency: 'tax',
    });
    expect(created.status).toBe(201);
    const account = created.body as unknown as { id: string; password: string; scopes: string[] };
    expect(account.scopes).toEqual(['regulator:read']);
    const session = await signIn('zhao.min', account.password);
    const token = (session.body as unknown as { accessToken: string }).accessToken;
    const me = await call('GET', '/v1/me', token);
    expect(me.body).toMatchObject({
      clientId: 'person:zhao.min',
      kind: 'regulator',
      agency: 'tax',
      person: { login: 'zhao.min', displayName: '赵敏 (杭州海关)' },
    });

    expect((await call('PATCH', `/v1/staff-accounts/${account.id}`, op, { disabled: true })).status).toBe(
      200,
    );
    expect((await call('GET', '/v1/me', token)).status).toBe(401);
    expect((await signIn('zhao.min', account.password)).status).toBe(401);
    expect((await call('PATCH', `/v1/staff-accounts/${account.id}`, op, { disabled: false })).status).toBe(
      200,
    );
    expect((await signIn('zhao.min', account.password)).status).toBe(201);

    // A reset ends the sessions too, and only the new password signs in.
    const reset = await call('POST', `/v1/staff-accounts/${account.id}/password-reset`, op, {});
    const fresh = (reset.body as unknown as { password: string }).password;
    expect((await signIn('zhao.min', account.password)).status).toBe(401);
    expect((await signIn('zhao.min', fresh)).status).toBe(201);
    // The person replaces the operator's password with its own: a wrong current one or a weak new one is a 400.
    const own = (await signIn('zhao.min', fresh)).body as unknown as { accessToken: string };
    const change = (currentPassword: string, newPassword: string) =>
      call('PUT', '/v1/staff-sessions/current/password', own.accessToken, { currentPassword, newPassword });
    expect((await change('not-it', 'Zhao-min-own-2026')).status).toBe(400);
    expect((await change(fresh, 'short')).status).toBe(400);
    expect((await change(fresh, 'Zhao-min-own-2026')).status).toBe(204);
    expect((await call('GET', '/v1/me', own.accessToken)).status).toBe(200);
    expect((await signIn('zhao.min', fresh)).status).toBe(401);
    expect((await signIn('zhao.min', 'Zhao-min-own-2026')).status).toBe(201);
    // Staff accounts are the operators' business: a regulator person may not issue one.
    expect((await call('GET', '/v1/staff-accounts', token)).status).toBe(401);
    const regulator = (await signIn('zhao.min', 'Zhao-min-own-2026')).body as unknown as {
      accessToken: string;
    };
    expect((await call('GET', '/v1/staff-accounts', regulator.accessToken)).status).toBe(403);
  });

  it('audits a clear read of personal data by the person who made it', async () => {
    const op = await operatorToken();
    const created = await call('POST', '/v1/staff-accounts', op, {
      login: 'qian.li',
      displayName: '钱丽 (杭州海关 个人信息核查)',
      kind: 'regulator',
      agency: 'customs',
      scopes: ['regulator:read', 'personal-data:read'],
      password: 'Qian-li-personal-77',
    });
    expect(created.status).toBe(201);
    const id = (created.body as unknown as { id: string }).id;
    const session = (await signIn('qian.li', 'Qian-li-personal-77')).body as unknown as {
      accessToken: string;
    };
    const read = await call(
      'GET',
      `/v1/messages?orderNo=${orders[0]}&documentType=CEB311`,
      session.accessToken,
    );
    expect(read.status).toBe(200);
    const audited = await queryRows<{ client_id: string; n: number }>(
      db,
      `SELECT client_id, count(*)::int AS n FROM gateway.personal_data_read WHERE person_id = $1 GROUP BY client_id`,
      [id],
    );
    expect(audited).toEqual([{ client_id: 'person:qian.li', n: 1 }]);
  });

  it('throttles failed sign-ins of a login (429 with Retry-After), and bad input is a 400, never a 5xx', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn('nobody.here', `wrong-password-${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toContain(429);
    const locked = await signIn('nobody.here', 'wrong-password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (const body of [
      {},
      { login: 'x' },
      { login: ['a'], password: {} },
      { login: 'a', password: 'x'.repeat(5000) },
    ]) {
      expect((await call('POST', '/v1/staff-sessions', undefined, body)).status).toBe(400);
    }
  });
});
