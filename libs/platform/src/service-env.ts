import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

import { BaseEnv } from '@swx/config';

/** Variables of a service with an HTTP port. */
export class HttpServiceEnv extends BaseEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Port of a separate `/metrics` listener (same HOST) for the scraper; the service port then serves no metrics.
   * Unset: `/metrics` on the service port, except with NODE_ENV=production, where it is not served at all.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;
}
