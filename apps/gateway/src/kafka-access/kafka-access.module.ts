import { Module } from '@nestjs/common';

import { JwksController } from './jwks.controller';
import { KafkaAccessController } from './kafka-access.controller';
import { KafkaAccessService } from './kafka-access.service';
import { KafkaTokenSigner } from './kafka-token';

/** Regulators on the broker: their ACLs (operators grant and revoke), the Kafka token key and its JWKS. */
@Module({
  controllers: [KafkaAccessController, JwksController],
  providers: [KafkaAccessService, KafkaTokenSigner],
  exports: [KafkaAccessService, KafkaTokenSigner],
})
export class KafkaAccessModule {}
