import { existsSync } from 'node:fs';

import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Headless Chromium from Debian's package (scripts/browser.js installs it; `npm test` passes CHROMIUM_PATH),
 * driven by playwright-core, which downloads nothing. The flags keep Chromium off the network: this machine's
 * closed network refuses its background connections.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: run \`node scripts/browser.js\` (Debian's chromium package)`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What went wrong on a page as a person would notice it: console errors, page errors, failed answers. */
export interface PageProblems {
  problems: string[];
}

/**
 * Records every console error, uncaught page error, error answer (4xx, 5xx) or failed request of the page's own
 * origin, and every redirect (3xx but 304, a cache revalidation) answering the page's API calls (fetch, XHR): an
 * API that redirects is as broken for an integrator as one that fails. Navigations may redirect (a trailing
 * slash). A browser test asserts the list is empty at the end.
 */
export function watchPage(page: Page, origin: string): PageProblems {
  const watched: PageProblems = { problems: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    const status = response.status();
    const apiCall = ['fetch', 'xhr'].includes(response.request().resourceType());
    const redirected = status >= 300 && status < 400 && status !== 304;
    if (response.url().startsWith(origin) && (status >= 400 || (apiCall && redirected))) {
      watched.problems.push(`${response.request().method()} ${response.url()} → ${status}`);
    }
  });
  page.on('requestfailed', (request) => {
    // A navigation (a reload) cancels the page's requests in flight: not a failure anyone sees.
    if (request.url().startsWith(origin) && request.failure()?.errorText !== 'net::ERR_ABORTED') {
      watched.problems.push(`${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`);
    }
  });
  return watched;
}
