import { createSecretKey } from 'node:crypto';

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
      useFactory: (env: GatewayEnv) => {
        // A key object made once: given a string, jsonwebtoken first tries it as a public key on every call.
        const key = createSecretKey(Buffer.from(env.AUTH_JWT_SECRET, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: 'HS256', expiresIn: env.AUTH_TOKEN_TTL_SECONDS },
        };
      },
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
