import type { CustomsEnv } from '../customs.env';
import type { InspectionRates } from '../matching/inspection';

export const inspectionRatesOf = (env: CustomsEnv): InspectionRates => ({
  A: env.CUSTOMS_INSPECTION_RATE_A,
  B: env.CUSTOMS_INSPECTION_RATE_B,
  C: env.CUSTOMS_INSPECTION_RATE_C,
  D: env.CUSTOMS_INSPECTION_RATE_D,
});
