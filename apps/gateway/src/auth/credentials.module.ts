import { Module } from '@nestjs/common';

import { KafkaAccessModule } from '../kafka-access/kafka-access.module';
import { RegistryModule } from '../registry/registry.module';
import { BootstrapOperator } from './bootstrap-operator';
import { ClientsController } from './clients.controller';
import { IssueAccessToken } from './issue-access-token.usecase';
import { TokenThrottle } from './token-throttle';
import { ManageClients } from './manage-clients.usecase';
import { MeController } from './me.controller';
import { OAuthTokenController } from './oauth-token.controller';

/** OAuth2 client credentials: the token endpoint, the operators' client management, the first operator. */
@Module({
  imports: [KafkaAccessModule, RegistryModule],
  controllers: [OAuthTokenController, ClientsController, MeController],
  providers: [IssueAccessToken, TokenThrottle, ManageClients, BootstrapOperator],
})
export class CredentialsModule {}
