import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { GatewayEnv } from '../gateway.env';
import { AuthGuard } from './auth.guard';

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
  providers: [AuthGuard],
  exports: [AuthGuard, JwtModule],
})
export class AuthModule {}
