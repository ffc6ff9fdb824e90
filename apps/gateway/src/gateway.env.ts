import { IsInt, Max, Min } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

export class GatewayEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3000;
}
