import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

import { type FieldError, ProblemException } from '@swx/platform';

import { GatewayEnv } from '../gateway.env';
import { Principal } from '../auth/principal';

/**
 * Calls the credit app's internal API for an authenticated caller: the shared internal token proves the call
 * comes from the gateway, the identity headers say for whom. Errors of the credit app come back with their status.
 */
@Injectable()
export class CreditClient {
  constructor(
    private readonly env: GatewayEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CreditClient.name);
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
      response = await fetch(new URL(path, this.env.CREDIT_SERVICE_URL), {
        method,
        headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      this.logger.warn({ err: e, path: path.split('?')[0] }, 'credit service unreachable');
      throw new ServiceUnavailableException('The credit service is not reachable; try again later');
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const { detail, errors } = parsed as { detail?: unknown; errors?: FieldError[] };
      // Field errors of the credit app (400, 403) reach the caller as they were (problem+json).
      if (Array.isArray(errors) && typeof detail === 'string')
        throw new ProblemException(response.status, detail, errors);
      throw new HttpException(
        { message: typeof detail === 'string' ? detail : 'credit service error' },
        response.status,
      );
    }
    return parsed as T;
  }
}
