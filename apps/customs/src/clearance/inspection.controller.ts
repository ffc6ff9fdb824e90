import { Body, Controller, HttpCode, NotFoundException, Param, Post, UseGuards } from '@nestjs/common';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';

import { ExportCases } from '../export/export-cases.usecase';
import { CaseStore, DETENTION_CODES } from '../matching/case-store';
import { CustomsOfficerGuard } from './customs-officer.guard';

export class InspectionResultDto {
  /** `pass` releases the list (800); a detention code keeps it (501 通关, 502 缉私, 503 法规, 599 其它). */
  @IsIn(['pass', ...DETENTION_CODES])
  result!: 'pass' | (typeof DETENTION_CODES)[number];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

/**
 * Where a customs officer records the result of a physical inspection (查验) of a list under status 500 (import
 * or export, by order number): with a
 * customs regulator token or the internal token (CustomsOfficerGuard), never anonymously.
 */
@Controller('v1/inspections')
@UseGuards(CustomsOfficerGuard)
export class InspectionController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseStore,
    private readonly exportCases: ExportCases,
  ) {}

  @Post(':orderNo')
  @HttpCode(200)
  async record(
    @Param('orderNo') orderNo: string,
    @Body() body: InspectionResultDto,
  ): Promise<{ orderNo: string; result: string }> {
    const cause = { correlationId: `inspection-${orderNo}`.slice(0, 100) };
    const applied = await this.dataSource.transaction(
      async (manager) =>
        (await this.cases.recordInspection(manager, orderNo, body.result, body.note ?? '', cause)) ===
          'applied' ||
        (await this.exportCases.recordInspection(manager, orderNo, body.result, body.note ?? '', cause)),
    );
    if (!applied) {
      throw new NotFoundException(`no list of order ${orderNo} is under inspection (500)`);
    }
    return { orderNo, result: body.result };
  }
}
