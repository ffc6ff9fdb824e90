import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

export class LogisticsEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3004;

  /** Shared with the gateway: the logistics app refuses internal calls (scans, timelines) without it. */
  @IsString()
  @MinLength(32, { message: 'INTERNAL_API_TOKEN must be at least 32 characters' })
  INTERNAL_API_TOKEN!: string;

  /** A released parcel without a carrier scan this long after its release is an anomaly (48 h). */
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  LOGISTICS_NO_SCAN_SECONDS = 172_800;

  /** Waybill and list gross weights further apart than this share of the larger one are an anomaly. */
  @Matches(/^0(\.\d{1,4})?$|^1$/, { message: 'LOGISTICS_WEIGHT_TOLERANCE must be a decimal between 0 and 1' })
  LOGISTICS_WEIGHT_TOLERANCE = '0.2';
}
