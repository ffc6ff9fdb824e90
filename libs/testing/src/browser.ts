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
 * Records every console error, uncaught page error and non-2xx/3xx answer (or failed request) of the page's
 * own origin. A browser test asserts the list is empty at the end.
 */
export function watchPage(page: Page, origin: string): PageProblems {
  const watched: PageProblems = { problems: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.url().startsWith(origin) && response.status() >= 400) {
      watched.problems.push(`${response.request().method()} ${response.url()} → ${response.status()}`);
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
