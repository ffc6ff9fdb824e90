import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

import { ProblemException } from '@swx/platform';

import { Principal } from '../auth/principal';
import { GatewayEnv } from '../gateway.env';

/** A statistics answer: JSON, or a file (CSV, HTML) with its media type. */
export interface StatisticsAnswer {
  contentType: string;
  body: unknown;
}

/**
 * Calls the statistics app's internal API for an authenticated caller: the internal token proves the call comes
 * from the gateway, the identity headers say for whom. Its field errors come back as they are (400 problem+json);
 * a failure of the app is a 503, never a 5xx of its own.
 */
@Injectable()
export class StatisticsClient {
  constructor(
    private readonly env: GatewayEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(StatisticsClient.name);
  }

  async get(principal: Principal, path: string, query: object): Promise<StatisticsAnswer> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params.set(k, v);
    const headers: Record<string, string> = {
      'x-internal-token': this.env.INTERNAL_API_TOKEN,
      'x-swx-principal-kind': principal.kind,
      'x-swx-client-id': principal.clientId,
      'x-swx-scopes': principal.scopes.join(' '),
      ...(principal.enterpriseCode ? { 'x-swx-enterprise-code': principal.enterpriseCode } : {}),
      ...(principal.agency ? { 'x-swx-agency': principal.agency } : {}),
    };
    let response: Response;
    try {
      response = await fetch(new URL(`${path}?${params.toString()}`, this.env.STATISTICS_SERVICE_URL), {
        headers,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      this.logger.warn({ err: e, path }, 'statistics service unreachable');
      throw new ServiceUnavailableException('The statistics service is not reachable; try again later');
    }
    const contentType = response.headers.get('content-type') ?? 'application/json';
    const text = await response.text();
    if (response.ok && !contentType.includes('json')) return { contentType, body: text };
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { detail: 'statistics service error' };
    }
    if (!response.ok) {
      const { detail, errors } = parsed as { detail?: unknown; errors?: unknown };
      const message = typeof detail === 'string' ? detail : 'statistics service error';
      if (response.status >= 500) {
        this.logger.warn({ status: response.status, path }, 'statistics service failed');
        throw new ServiceUnavailableException('The statistics service failed; try again later');
      }
      if (Array.isArray(errors)) throw new ProblemException(response.status, message, errors);
      throw new HttpException({ message }, response.status);
    }
    return { contentType, body: parsed };
  }
}
