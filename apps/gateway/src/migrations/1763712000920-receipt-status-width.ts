import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A receipt's status is as wide as its contract (`DocumentReceipt.returnStatus`: a CEB status code or a negative
 * business code such as -621018, up to 7 characters). The column was 4 wide: a service sending such a code would have
 * had its receipt refused by the gateway's consumer and parked on the dead-letter topic.
 */
export class ReceiptStatusWidth1763712000920 implements MigrationInterface {
  name = 'ReceiptStatusWidth1763712000920';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."receipt" ALTER COLUMN "return_status" TYPE varchar(7)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."receipt" ALTER COLUMN "return_status" TYPE varchar(4)`);
  }
}
