import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { REGULATOR_AGENCIES, type RegulatorAgency } from '@swx/contracts';

export class KafkaAccessResponse {
  @ApiProperty({ description: 'The regulator client', example: 'reg-customs-1a2b3c4d' })
  clientId!: string;

  @ApiProperty({
    description: 'Its agency, which decides its topics',
    enum: REGULATOR_AGENCIES,
    example: 'customs',
  })
  agency!: RegulatorAgency;

  @ApiProperty({ description: 'Whether the broker lets it read anything (it holds ACLs)', example: true })
  granted!: boolean;

  @ApiProperty({
    description:
      'Its consumer groups must start with this (`<agency>.<clientId>.`); the broker refuses any other group',
    example: 'customs.reg-customs-1a2b3c4d.',
  })
  consumerGroupPrefix!: string;

  @ApiProperty({
    description: 'Topics it may read (READ and DESCRIBE ACLs on the broker)',
    isArray: true,
    example: ['gateway.external.import-order.accepted.v2', 'customs.external.clearance-status.changed.v1'],
  })
  topics!: string[];

  @ApiProperty({
    description:
      'Topics its agency is entitled to that it holds no ACL for yet (a topic version newer than the grant): ' +
      'grant again to add them',
    isArray: true,
    example: [],
  })
  pendingTopics!: string[];

  @ApiPropertyOptional({
    description: 'Where subscribers connect: the SASL/OAUTHBEARER listener (KAFKA_SUBSCRIBER_BROKERS)',
    example: 'kafka.single-window.example:9094',
  })
  bootstrapServers?: string;
}
