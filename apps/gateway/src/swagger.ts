import { readFileSync, writeFileSync } from 'node:fs';

import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { acceptOAuth2WhereBearer, addSecuritySchemes } from './auth/swagger-security';
import { GatewayEnv } from './gateway.env';
import { addErrorExamples, addXmlExamples } from './openapi-examples';

const DESCRIPTION = `
**跨境电子商务综合试验区“单一窗口”数据交换接口** — 企业一点接入、一次申报：电商平台报订单，支付企业报支付单，物流企业报运单，
报关企业报清单（JSON 或海关 CEB XML 报文）；海关“三单对碰”后放行，各部门以回执和事件作答。

*The data-exchange API of a cross-border e-commerce single window: enterprises declare once, through one access point.*

### 第一个小时 · Your first hour
1. **Authorize（授权）** — 点击右侧 *Authorize*，在 **oauth2** 中填写客户端 id 和密钥（本地模式下对话框列出演示客户端）。
   Click *Authorize* and enter a client id and secret in **oauth2** (in local mode the dialog lists the demo clients
   below, with their secrets). \`GET /v1/me\` shows who you are; the console shows it under the title.
2. **新单证 · A fresh set** — \`POST /v1/demo/import-sets\` (local mode) returns an order, payment, waybill and list with
   new numbers that match each other. The prefilled examples of the document endpoints are the same documents
   under fixed numbers: executing them twice replays (202, nothing new happens).
3. **进口四方申报 · The import flow** — each document by the party it belongs to:
   | step | document | endpoint | sent by |
   | --- | --- | --- | --- |
   | 1 | CEB311 电子订单 order | \`POST /v1/import/orders\` | e-commerce platform (\`ebp\`) |
   | 2 | CEB411 支付单 payment | \`POST /v1/import/payments\` | payment company (\`pay\`) |
   | 3 | CEB511 运单 waybill | \`POST /v1/import/waybills\` | logistics company (\`logistics\`) |
   | 4 | CEB621 清单 inventory list | \`POST /v1/import/inventories\` | customs broker (\`agent\`) |

   Customs matches the four (三单对碰), tax assesses, and the list is released (**800**) or refused with reasons.
4. **出口 · The export flow** — CEB303 order (ebp), CEB403 receipt of payment (ebc), CEB505 waybill (logistics),
   CEB603 list (agent), CEB507 arrival and CEB509 departure (logistics); \`POST /v1/demo/export-sets\` makes a set.
5. **回执 · Receipts** — \`GET /v1/receipts\` (a cursor feed of everything about your documents; the platform also
   sees its orders' list outcomes), \`GET /v1/messages/{id}/receipts\` (one document; CEB XML with
   \`Accept: application/xml\`), or push with \`POST /v1/webhooks\`.

Every document endpoint also takes the **CEB XML message** (\`application/xml\`; choose it in the request body's
content-type list): the examples are complete messages. Amounts are decimal strings; field names are the CEB
standard's. Errors are \`application/problem+json\` with every field error (\`path\`, \`rule\`, \`message\`).
Regulators read by agency (\`/v1/messages\`, \`/v1/events\`); operators register enterprises and issue clients.
`.trim();

/** Every tag of the API with what it holds, Chinese first: the console shows them as section headers. */
const TAGS: [string, string][] = [
  [
    'credentials',
    '凭证 · OAuth2 client credentials: tokens, who am I (`/v1/me`), the clients operators issue',
  ],
  [
    'staff',
    '人员 · Named persons of operators and regulators: accounts operators issue, console sign-in and sign-out',
  ],
  ['demo (local mode)', '演示 · Fresh, consistent document sets for trying the flows (local mode only)'],
  [
    'import documents',
    '进口 · CEB import retail: order 311, payment 411, waybill 511/513, list 621, cancel 623, return 625',
  ],
  [
    'export documents',
    '出口 · CEB export: order 303, receipt 403, waybill 505, arrival 507, departure 509, list 603, summary 701, cancel 605, returns 213/215',
  ],
  ['CEB XML messages', 'CEB XML · Any declaration message, dispatched by its root element'],
  [
    'messages',
    '报文 · What you sent (regulators: within their agency), with clear personal data only for the scope',
  ],
  ['receipts', '回执 · Receipts of your documents: per document and as a cursor feed'],
  ['webhooks', '推送 · Receipts pushed to your endpoint, signed, with a delivery log'],
  ['events', '事件 · Regulators: the event topics of their agency without Kafka (stream, pages, pushes)'],
  ['enterprise registry', '备案 · Enterprises and individual sellers, transmitters (委托), certificates'],
  ['signatures', '签名 · Certificates for CEB XML signatures'],
  ['tax', '税务 · Tax bills, guarantees, payment summaries, buyers’ annual quota'],
  [
    'logistics',
    '物流 · Parcel tracking: carrier scans, one timeline per waybill, warehouses, shared with regulators',
  ],
  [
    'forex',
    '外汇 · Banks, transaction e-information, settlements and netting, 名录, total-volume verification (SAFE)',
  ],
  [
    'credit',
    '信用 · Credit archive: grades A–D and lists for anyone signed in, whole files for the enterprise and regulators, facts, list decisions, credit repair, appeals',
  ],
  ['risk', '风险 · Risk warnings (blue/yellow/orange/red) and cases from warning to review, for regulators'],
  [
    'statistics',
    '统计 · Full-scope statistics (全口径): volumes by mode, direction, country, HS, district and day; B2B verification; monthly reports; incentive metrics',
  ],
  ['operations', '运维 · Health and readiness'],
];

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = addSecuritySchemes(new DocumentBuilder())
    .setTitle('跨境电商单一窗口 · Cross-border e-commerce single window')
    .setDescription(DESCRIPTION)
    .setVersion('1');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  return addErrorExamples(addXmlExamples(acceptOAuth2WhereBearer(document)));
}

interface DemoCredential {
  label: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Local mode: the demo clients of the credentials file `npm start` keeps, as a table in the oauth2 scheme's
 * description (the Authorize dialog shows it). Read at each request: the file is written after the gateway starts.
 */
function withDemoClients(document: OpenAPIObject, file: string): OpenAPIObject {
  let clients: DemoCredential[];
  try {
    clients = JSON.parse(readFileSync(file, 'utf8')) as DemoCredential[];
  } catch {
    return document;
  }
  const rows = clients.map((c) => `| ${c.label} | \`${c.clientId}\` | \`${c.clientSecret}\` |`).join('\n');
  const scheme = document.components?.securitySchemes?.oauth2 as { description?: string } | undefined;
  if (!scheme) return document;
  const patched = structuredClone(document);
  (patched.components!.securitySchemes!.oauth2 as { description?: string }).description =
    `${scheme.description ?? ''}\n\n**演示客户端 · Demo clients (local mode, from ${file}):**\n\n` +
    `| client | client_id | client_secret |\n| --- | --- | --- |\n${rows}`;
  // The token endpoint's example as the demo platform, whose scopes include the example's: Execute gets a token.
  const platform = clients.find((c) => c.label.startsWith('ebp '));
  const tokenRequest = patched.components?.schemas?.TokenRequest as
    { properties?: Record<string, { example?: unknown }> } | undefined;
  if (platform && tokenRequest?.properties?.client_id && tokenRequest.properties.client_secret) {
    tokenRequest.properties.client_id.example = platform.clientId;
    tokenRequest.properties.client_secret.example = platform.clientSecret;
  }
  return patched;
}

/**
 * Swagger UI builds an XML body from the schema, ignoring a complete XML example given as a string (it shows
 * `<notagname/>` or "XML example cannot be generated"): this console plugin uses such an example as it is, and
 * otherwise does what Swagger UI does. It is serialised into the page (no closures, no imports).
 */
function xmlExamplesPlugin(toolbox: {
  getSystem: () => { fn: Record<string, (...a: unknown[]) => unknown> };
}) {
  return {
    fn: {
      getXmlSampleSchema(
        schema: { xml?: { name?: string }; $$ref?: string } & Record<string, unknown>,
        config: unknown,
        example: unknown,
      ) {
        if (typeof example === 'string' && example.trim().startsWith('<')) return example;
        if (schema && !schema.xml) schema.xml = {};
        if (schema && !schema.xml!.name) {
          if (
            !schema.$$ref &&
            (schema.type || schema.items || schema.properties || schema.additionalProperties)
          ) {
            return '<?xml version="1.0" encoding="UTF-8"?>\n<!-- XML example cannot be generated; root element name is undefined -->';
          }
          if (schema.$$ref) schema.xml!.name = /\S*\/(\S+)$/.exec(schema.$$ref)?.[1];
        }
        return toolbox.getSystem().fn.memoizedCreateXMLExample(schema, config, example);
      },
    },
  };
}

/** Swagger UI's own default plugin, kept when the console's plugin list is given. */
function downloadUrlPlugin(toolbox: unknown) {
  return (
    globalThis as unknown as { SwaggerUIBundle: { plugins: { DownloadUrl: (t: unknown) => unknown } } }
  ).SwaggerUIBundle.plugins.DownloadUrl(toolbox);
}

/**
 * In the console: after Authorize, who you are (`GET /v1/me`) under the title; cleared at Logout. It watches the
 * console's own authorization state (Swagger UI keeps it in its store), so it needs nothing of the page's markup
 * but the info section.
 */
const WHO_AM_I_JS = `
(function () {
  var shown = null;
  function token(ui) {
    var auth = ui.authSelectors.authorized();
    if (!auth || !auth.size) return null;
    var oauth = auth.getIn(['oauth2', 'token', 'access_token']);
    return oauth || auth.getIn(['bearer', 'value']) || null;
  }
  function box() {
    var el = document.getElementById('swx-me');
    if (!el) {
      var info = document.querySelector('.information-container .info');
      if (!info) return null;
      el = document.createElement('div');
      el.id = 'swx-me';
      el.style.cssText = 'margin:8px 0;padding:8px 12px;border-left:4px solid #49cc90;background:#f0faf5;font-family:monospace;font-size:13px';
      // Under the title, before the start text: where the start page and the README say it is.
      var title = info.querySelector('hgroup.main');
      info.insertBefore(el, title ? title.nextSibling : info.firstChild);
    }
    return el;
  }
  function render(text) {
    var el = box();
    if (!el) return;
    el.textContent = text || '';
    el.style.display = text ? 'block' : 'none';
  }
  setInterval(function () {
    var ui = window.ui;
    if (!ui || !ui.authSelectors) return;
    var t = token(ui);
    if (t === shown) return;
    shown = t;
    if (!t) return render('');
    fetch('/v1/me', { headers: { authorization: 'Bearer ' + t } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (me) {
        if (shown !== t) return;
        if (!me) return render('当前身份 · Signed in: token refused');
        var who = me.enterprise
          ? me.enterprise.name + ' (' + me.enterprise.customsCode + ', ' + me.enterprise.roles.join('/') + ')'
          : me.agency ? 'regulator: ' + me.agency : me.kind;
        render('当前身份 · Signed in as ' + who + ' — client ' + me.clientId + ' — scopes: ' + me.scopes.join(' '));
      });
  }, 500);
})();
`;

/** Swagger console at `/docs`, OpenAPI JSON at `/docs-json`. */
export function setupSwagger(app: INestApplication, exportPath?: string): void {
  const document = openApiDocument(app);
  const env = app.get(GatewayEnv);
  const demoFile = env.DEMO_MODE === 'true' ? env.DEMO_CREDENTIALS_FILE : undefined;
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: '单一窗口 · Single window API',
    customJsStr: WHO_AM_I_JS,
    swaggerOptions: {
      persistAuthorization: true,
      displayRequestDuration: true,
      tryItOutEnabled: true,
      plugins: [downloadUrlPlugin, xmlExamplesPlugin],
    },
    ...(demoFile && { patchDocumentOnRequest: (_req, _res, doc) => withDemoClients(doc, demoFile) }),
  });
  if (exportPath) writeFileSync(exportPath, `${JSON.stringify(document, null, 2)}\n`);
}
