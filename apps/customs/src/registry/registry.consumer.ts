import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EnterpriseChanged, MessageEnvelope, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { EnterpriseDirectory } from './enterprise-directory';

@Controller()
export class RegistryConsumer {
  constructor(private readonly directory: EnterpriseDirectory) {}

  @ConsumeTopic(Topics.EnterpriseChanged)
  onEnterpriseChanged(envelope: MessageEnvelope<EnterpriseChanged>, manager: EntityManager): Promise<void> {
    return this.directory.apply(envelope, manager);
  }
}
