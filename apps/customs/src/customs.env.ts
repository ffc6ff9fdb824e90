import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

/** A probability in [0, 1] as a decimal string (an inspection rate). */
const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;
const RATE_MESSAGE = 'must be a decimal between 0 and 1, e.g. 0.05';

export class CustomsEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3001;

  /** A matching case still missing documents this long after its first document is closed (timed out). */
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  CUSTOMS_CASE_TIMEOUT_SECONDS = 86_400;

  /** How often the sweep looks for timed-out cases and released lists to close. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  CUSTOMS_SWEEP_INTERVAL_MS = 60_000;

  /** Base inspection rates per credit level (A best … D worst). */
  @Matches(RATE, { message: `CUSTOMS_INSPECTION_RATE_A ${RATE_MESSAGE}` })
  CUSTOMS_INSPECTION_RATE_A = '0.005';

  @Matches(RATE, { message: `CUSTOMS_INSPECTION_RATE_B ${RATE_MESSAGE}` })
  CUSTOMS_INSPECTION_RATE_B = '0.05';

  @Matches(RATE, { message: `CUSTOMS_INSPECTION_RATE_C ${RATE_MESSAGE}` })
  CUSTOMS_INSPECTION_RATE_C = '0.2';

  @Matches(RATE, { message: `CUSTOMS_INSPECTION_RATE_D ${RATE_MESSAGE}` })
  CUSTOMS_INSPECTION_RATE_D = '1';

  /** The gateway's token key: customs accepts a customs regulator's access token for inspection results. */
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET!: string;

  /** Shared with the gateway: proves an internal call (an inspection result relayed by the platform). */
  @IsString()
  @MinLength(32, { message: 'INTERNAL_API_TOKEN must be at least 32 characters' })
  INTERNAL_API_TOKEN!: string;
}
