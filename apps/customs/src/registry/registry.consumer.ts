import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { EnterpriseChanged, Topics } from '@swx/contracts';
import { MessageConsumerService } from '@swx/messaging';

import { EnterpriseDirectory } from './enterprise-directory';

@Controller()
export class RegistryConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly directory: EnterpriseDirectory,
  ) {}

  @EventPattern(Topics.EnterpriseChanged.name)
  async onEnterpriseChanged(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(context, EnterpriseChanged, (envelope, manager) =>
      this.directory.apply(envelope, manager),
    );
  }
}
