import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';

/** Checks that readiness runs (database, broker...), provided by the app. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export type ReadinessCheck = () => Promise<HealthIndicatorResult>;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness: the process is up and serving HTTP; says which Node.js runtime it runs on',
  })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([async () => ({ runtime: { status: 'up', node: process.version } })]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database and the Kafka broker answer' })
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.checks);
  }
}
