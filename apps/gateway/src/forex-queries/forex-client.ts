import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

import { ProblemException } from '@swx/platform';

import { Principal } from '../auth/principal';
import { GatewayEnv } from '../gateway.env';

/**
 * Calls the forex app's internal API for an authenticated caller: the internal token proves the call comes from
 * the gateway, the identity headers say for whom (a bank by its SWIFT code). Forex's errors come back with their
 * status and field errors.
 */
@Injectable()
export class ForexClient {
  constructor(
    private readonly env: GatewayEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ForexClient.name);
  }

  async call<T>(
    principal: Principal,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: object,
  ): Promise<T> {
    const headers: Record<string, string> = {
      'x-internal-token': this.env.INTERNAL_API_TOKEN,
      'x-swx-principal-kind': principal.kind,
      'x-swx-client-id': principal.clientId,
      'x-swx-scopes': principal.scopes.join(' '),
      ...(principal.enterpriseCode ? { 'x-swx-enterprise-code': principal.enterpriseCode } : {}),
      ...(principal.agency ? { 'x-swx-agency': principal.agency } : {}),
      ...(principal.bankCode ? { 'x-swx-bank-code': principal.bankCode } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    };
    let response: Response;
    try {
      response = await fetch(new URL(path, this.env.FOREX_SERVICE_URL), {
        method,
        headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      this.logger.warn({ err: e, path: path.split('?')[0] }, 'forex service unreachable');
      throw new ServiceUnavailableException('The forex service is not reachable; try again later');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { detail: 'forex service error' };
    }
    if (!response.ok) {
      const { detail, errors } = parsed as { detail?: unknown; errors?: unknown };
      const message = typeof detail === 'string' ? detail : 'forex service error';
      if (response.status >= 500) {
        this.logger.warn({ status: response.status, path: path.split('?')[0] }, 'forex service failed');
        throw new ServiceUnavailableException('The forex service failed; try again later');
      }
      if (Array.isArray(errors)) throw new ProblemException(response.status, message, errors);
      throw new HttpException({ message }, response.status);
    }
    return parsed as T;
  }
}
