import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { EnterpriseChanged } from '@swx/contracts';

/** Individual sellers (个人卖家) registered on the platform: their e-commerce settlements go to a personal FX account. */
@Injectable()
export class IndividualSellers {
  async onEnterpriseChanged(e: EnterpriseChanged, m: EntityManager): Promise<void> {
    if (e.kind !== 'individual') return;
    await m.query(
      `INSERT INTO "forex"."individual_seller" (customs_code, name) VALUES ($1, $2)
       ON CONFLICT (customs_code) DO UPDATE SET name = EXCLUDED.name`,
      [e.customsCode, e.name],
    );
  }
}
