import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

import { GatewayEnv } from '../gateway.env';
import { Principal } from '../auth/principal';

/**
 * Calls the risk app's internal API for an authenticated caller: the shared internal token proves the call
 * comes from the gateway, the identity headers say for whom. Errors of the risk app come back with their status.
 */
@Injectable()
export class RiskClient {
  constructor(
    private readonly env: GatewayEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RiskClient.name);
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
      ...(body ? { 'content-type': 'application/json' } : {}),
    };
    let response: Response;
    try {
      response = await fetch(new URL(path, this.env.RISK_SERVICE_URL), {
        method,
        headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      this.logger.warn({ err: e, path: path.split('?')[0] }, 'risk service unreachable');
      throw new ServiceUnavailableException('The risk service is not reachable; try again later');
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const detail = (parsed as { detail?: unknown }).detail;
      throw new HttpException(
        { message: typeof detail === 'string' ? detail : 'risk service error' },
        response.status,
      );
    }
    return parsed as T;
  }
}
