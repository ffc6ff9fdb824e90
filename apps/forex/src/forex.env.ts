import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

const FRACTION = /^0(\.\d{1,6})?$/;

export class ForexEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3003;

  /** Shared with the gateway: forex refuses internal calls (queries, settlements) without it. */
  @IsString()
  @MinLength(32, { message: 'INTERNAL_API_TOKEN must be at least 32 characters' })
  INTERNAL_API_TOKEN!: string;

  /**
   * How far above the declared amount settlements plus declared fees may go, as a fraction (`0.01` = 1 %):
   * bank charges and rounding make receipts differ slightly. `0`: never more than declared.
   */
  @Matches(FRACTION, { message: 'FOREX_SETTLEMENT_TOLERANCE must be a fraction below 1, e.g. 0.01' })
  FOREX_SETTLEMENT_TOLERANCE = '0';

  /** 名录 threshold in US$: below it (exclusive) an enterprise is exempt from registration. */
  @Matches(/^[1-9]\d{0,11}$/, { message: 'FOREX_DIRECTORY_THRESHOLD_USD must be a whole number of dollars' })
  FOREX_DIRECTORY_THRESHOLD_USD = '200000';

  /**
   * Total-volume verification: a period whose settled funds differ from the declared trade by more than this
   * fraction of the declared trade is reported as an anomaly.
   */
  @Matches(FRACTION, { message: 'FOREX_VERIFICATION_DEVIATION must be a fraction below 1, e.g. 0.2' })
  FOREX_VERIFICATION_DEVIATION = '0.2';
}
