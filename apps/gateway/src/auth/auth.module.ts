import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { GatewayEnv } from '../gateway.env';
import { AuthGuard, CLIENT_REVOCATION_CHECK } from './auth.guard';
import { ClientRevocationService } from './client-revocation.service';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => ({
        secret: env.AUTH_JWT_SECRET,
        signOptions: { algorithm: 'HS256', expiresIn: env.AUTH_TOKEN_TTL_SECONDS },
      }),
    }),
  ],
  providers: [
    AuthGuard,
    ClientRevocationService,
    { provide: CLIENT_REVOCATION_CHECK, useExisting: ClientRevocationService },
  ],
  exports: [AuthGuard, JwtModule, ClientRevocationService, CLIENT_REVOCATION_CHECK],
})
export class AuthModule {}
