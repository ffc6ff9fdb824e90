import { IsInt, IsString, Max, Min } from 'class-validator';

import { BaseEnv } from '@swx/config';

/** Variables of a service with an HTTP port. */
export class HttpServiceEnv extends BaseEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';
}
