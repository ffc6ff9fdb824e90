import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The waybills each export master bill (CEB607 清单总分单) holds, so a departure (CEB509) under that bill is
 * reconciled against them; and an index to find declared import waybills (CEB511) by number for the arrival
 * declaration of the supervised site (CEB711 入库明细单).
 */
export class CreateMasterBills1763712001100 implements MigrationInterface {
  name = 'CreateMasterBills1763712001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customs"."master_bill_waybill" (
      "logistics_code" varchar(18) NOT NULL,
      "bill_no" varchar(37) NOT NULL,
      "logistics_no" varchar(32) NOT NULL,
      "agent_code" varchar(18) NOT NULL,
      "cop_no" varchar(30) NOT NULL,
      "msg_seq_no" integer NOT NULL,
      "message_id" uuid NOT NULL,
      PRIMARY KEY ("logistics_code", "bill_no", "logistics_no")
    )`);
    await q.query(
      `CREATE INDEX "master_bill_waybill_document_idx" ON "customs"."master_bill_waybill" ("agent_code", "cop_no", "msg_seq_no")`,
    );
    await q.query(
      `CREATE INDEX "declared_document_import_waybill_idx" ON "customs"."declared_document"
         ((document->'LogisticsHead'->>'logisticsNo')) WHERE document_type = 'CEB511'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "customs"."declared_document_import_waybill_idx"`);
    await q.query(`DROP TABLE "customs"."master_bill_waybill"`);
  }
}
