import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

export class StatisticsEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3007;

  /** Shared with the gateway: the statistics app refuses internal calls (its reports) without it. */
  @IsString()
  @MinLength(32, { message: 'INTERNAL_API_TOKEN must be at least 32 characters' })
  INTERNAL_API_TOKEN!: string;
}
