import { Injectable } from '@nestjs/common';

import { GatewayEnv } from '../gateway.env';
import { SecretBox } from './secret-box';

/** Seals and opens webhook signing secrets under `SECRETS_ENCRYPTION_KEY`, bound to their subscription id. */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;

  constructor(env: GatewayEnv) {
    this.box = new SecretBox(env.SECRETS_ENCRYPTION_KEY, 'webhook-signing-secret');
  }

  seal(secret: string, subscriptionId: string): string {
    return this.box.seal(secret, subscriptionId);
  }

  open(sealed: string, subscriptionId: string): string {
    return this.box.open(sealed, subscriptionId);
  }
}
