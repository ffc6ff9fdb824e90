import { Module } from '@nestjs/common';

import { CebXmlAnswerInterceptor } from '../http/ceb-answers';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { AcceptDocuments } from './accept-documents.usecase';
import { CebMessagesController } from './ceb-messages.controller';
import { DocumentIntake } from './document-intake.service';
import { INTAKE_CONTROLLERS } from './intake.controllers';
import { MessagesController } from './messages.controller';

@Module({
  controllers: [...INTAKE_CONTROLLERS, CebMessagesController, MessagesController],
  providers: [AcceptDocuments, DocumentIntake, IdempotencyInterceptor, CebXmlAnswerInterceptor],
})
export class IntakeModule {}
