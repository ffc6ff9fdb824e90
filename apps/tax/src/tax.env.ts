import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

export class TaxEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3002;

  /** Shared with the gateway: the tax app refuses internal calls (queries, management) without it. */
  @IsString()
  @MinLength(32, { message: 'INTERNAL_API_TOKEN must be at least 32 characters' })
  INTERNAL_API_TOKEN!: string;
}
