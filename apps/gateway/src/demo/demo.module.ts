import { Module } from '@nestjs/common';

import { DemoController } from './demo.controller';

/** Local mode's demo sets for the console (404 unless DEMO_MODE=true). */
@Module({ controllers: [DemoController] })
export class DemoModule {}
