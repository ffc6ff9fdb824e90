import { IsInt, Max, Min } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

export class TaxEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3002;
}
