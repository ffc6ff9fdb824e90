import { Module } from '@nestjs/common';

import { ConsoleController } from './console.controller';

/** The regulator console and the landing page (static files). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
