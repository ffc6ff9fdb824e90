import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { DECIMAL_19_5, ENTERPRISE_CODE } from '../ceb/patterns';
import { PERSON_TOKENS } from '../personal-data';
import { CREDIT_LISTS, type CreditList } from './credit';

/** A signed decimal amount as a string (tax amounts, quota balances); never a JS number. */
const AMOUNT = /^-?(0|[1-9]\d{0,13})(\.\d{1,5})?$/;

/** One goods line of a list, as tax needs it to assess (HS code, quantities, dutiable price). */
export class AssessmentLine {
  @IsInt()
  @Min(1)
  gnum!: number;

  /** 10-digit HS code (`gcode` of the list line). */
  @Matches(/^\d{10}$/)
  gcode!: string;

  @IsString()
  @MaxLength(250)
  gname!: string;

  @Matches(DECIMAL_19_5)
  qty!: string;

  /** Customs unit code of `qty`. */
  @Matches(/^\d{3}$/)
  unit!: string;

  /** Legal first quantity and unit (e.g. kg, ml, g): consumption-tax thresholds per ml/g apply to these. */
  @Matches(DECIMAL_19_5)
  qty1!: string;

  @Matches(/^\d{3}$/)
  unit1!: string;

  @Matches(DECIMAL_19_5)
  price!: string;

  @Matches(DECIMAL_19_5)
  totalPrice!: string;
}

/**
 * Payload of `customs.internal.tax-assessment.requested.v2`: customs asks tax to assess an import list whose
 * case passed matching (120). Customs never computes tax itself.
 */
export class TaxAssessmentRequested {
  @IsUUID()
  requestId!: string;

  /** Gateway message id of the CEB621 list. */
  @IsUUID()
  listMessageId!: string;

  /** Business identity of the list (`ebcCode:orderNo`). */
  @IsString()
  listIdentity!: string;

  @IsString()
  @MaxLength(60)
  orderNo!: string;

  @Matches(ENTERPRISE_CODE)
  ebpCode!: string;

  @Matches(ENTERPRISE_CODE)
  ebcCode!: string;

  @Matches(ENTERPRISE_CODE)
  agentCode!: string;

  /** Guarantor of the tax (代收代缴义务人): the list's `assureCode`. */
  @Matches(ENTERPRISE_CODE)
  assureCode!: string;

  /**
   * The buyer (订购人): the taxpayer, whose annual quota the list counts against: the person token list of the
   * ID number (`pt1.…`, docs/personal-data.md), never the number itself.
   */
  @Matches(PERSON_TOKENS)
  buyerIdNumber!: string;

  /** The masked ID number (`110***********0012`) for people reading the quota. */
  @IsString()
  @MaxLength(30)
  buyerIdNumberMasked!: string;

  /** The person token list of the buyer's name. */
  @Matches(PERSON_TOKENS)
  buyerName!: string;

  /** When the list was declared (ISO 8601): the quota year and the rate table's effective date follow it. */
  @IsISO8601({ strict: true })
  declaredAt!: string;

  @Matches(DECIMAL_19_5)
  freight!: string;

  @Matches(DECIMAL_19_5)
  insuredFee!: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => AssessmentLine)
  lines!: AssessmentLine[];
}

export const ASSESSMENT_OUTCOMES = [
  'assessed',
  'single-limit-exceeded',
  'annual-quota-exceeded',
  'guarantee-insufficient',
  'not-assessable',
] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

export class AssessedLine {
  @IsInt()
  @Min(1)
  gnum!: number;

  /** Dutiable value of the line (完税价格): its share of goods + freight + insurance. */
  @Matches(AMOUNT)
  taxPrice!: string;

  @Matches(AMOUNT)
  customsTax!: string;

  @Matches(AMOUNT)
  valueAddedTax!: string;

  @Matches(AMOUNT)
  consumptionTax!: string;
}

/**
 * Payload of `tax.internal.tax-assessment.completed.v1`: the answer to one request. Only `assessed` lets
 * customs release; `guarantee-insufficient` holds the release until the guarantor's account is topped up, when
 * tax sends a new `assessed` answer for the same request.
 */
export class TaxAssessmentCompleted {
  @IsUUID()
  requestId!: string;

  @IsUUID()
  listMessageId!: string;

  @IsString()
  listIdentity!: string;

  @IsIn(ASSESSMENT_OUTCOMES)
  outcome!: AssessmentOutcome;

  /** The guarantor of the tax (the list's `assureCode`): whose guarantee fell short, for the credit archive. */
  @IsOptional()
  @Matches(ENTERPRISE_CODE)
  assureCode?: string;

  /** CEB-style code for a refusal, e.g. `-621005` (single limit) or `-621018` (annual quota). */
  @IsOptional()
  @Matches(/^-?\d{1,7}$/)
  code?: string;

  /** For people, e.g. `清单中购买人已用购买额度为[24000.00]，本次购买将超过年度限额[26000.00]`. */
  @IsString()
  @MaxLength(1000)
  message!: string;

  @Matches(AMOUNT)
  dutiableValue!: string;

  @Matches(AMOUNT)
  customsTax!: string;

  @Matches(AMOUNT)
  valueAddedTax!: string;

  @Matches(AMOUNT)
  consumptionTax!: string;

  /** customsTax + valueAddedTax + consumptionTax. */
  @Matches(AMOUNT)
  taxTotal!: string;

  @ValidateNested({ each: true })
  @Type(() => AssessedLine)
  lines!: AssessedLine[];
}

export const CLEARANCE_EVENTS = [
  'matched',
  'refused',
  'assessment-requested',
  'held',
  'released',
  'inspection',
  'detained',
  'closed',
  'cancelled',
  'returned',
  'timed-out',
  'changed',
  /** A released list is checked after release at a risk case's request (the status stays). */
  'post-release-check',
] as const;
export type ClearanceEvent = (typeof CLEARANCE_EVENTS)[number];

/**
 * Payload of `customs.external.clearance-status.changed.v1`: every status change of a list, for regulators
 * and for tax (release commits the buyer's quota and issues the tax bill; cancel and accepted returns give
 * quota back).
 */
export class ClearanceStatusChanged {
  @IsIn(CLEARANCE_EVENTS)
  event!: ClearanceEvent;

  @IsIn(['import', 'export'])
  flow!: 'import' | 'export';

  /** Gateway message id of the list (CEB621 or CEB603). */
  @IsUUID()
  listMessageId!: string;

  @IsString()
  listIdentity!: string;

  @IsOptional()
  @IsString()
  @MaxLength(60)
  orderNo?: string;

  /**
   * The list's e-commerce enterprise (`ebcCode`): an import list's identity starts with it, an export list's
   * (`agentCode:copNo`) does not. Absent from producers before this field.
   */
  @IsOptional()
  @Matches(ENTERPRISE_CODE)
  ebcCode?: string;

  /** The CEB status the list has now (REFERENCE.md 6.1), e.g. `800` released. */
  @Matches(/^-?\d{1,7}$/)
  returnStatus!: string;

  @IsOptional()
  @Matches(/^-?\d{1,7}$/)
  previousStatus?: string;

  @IsString()
  @MaxLength(2000)
  returnInfo!: string;

  /** The tax assessment the release rests on (import), so tax commits the right reservation. */
  @IsOptional()
  @IsUUID()
  assessmentRequestId?: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}

/** One failed matching rule of a case. */
export class RuleFailure {
  @IsString()
  code!: string;

  @IsString()
  @MaxLength(500)
  message!: string;
}

/** Payload of `customs.external.match-result.decided.v1`: the outcome of 三单对碰 / 四单比对 for one order. */
export class MatchResultDecided {
  @IsString()
  caseKey!: string;

  @IsIn(['import', 'export'])
  flow!: 'import' | 'export';

  @IsIn(['passed', 'failed', 'incomplete'])
  outcome!: 'passed' | 'failed' | 'incomplete';

  @ValidateNested({ each: true })
  @Type(() => RuleFailure)
  failures!: RuleFailure[];

  /** Gateway message ids of the documents the decision was made on, by CEB type. */
  @IsOptional()
  documents?: Record<string, string>;

  @IsISO8601({ strict: true })
  decidedAt!: string;
}

export const CREDIT_LEVELS = ['A', 'B', 'C', 'D'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];

/** Payload of `credit.external.rating.changed.v1`: an enterprise's credit level (every enterprise is B until rated). */
export class CreditRatingChanged {
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @IsIn(CREDIT_LEVELS)
  level!: CreditLevel;

  @IsISO8601({ strict: true })
  ratedAt!: string;

  /** The level before this change (absent for an enterprise rated for the first time, which was B). */
  @IsOptional()
  @IsIn(CREDIT_LEVELS)
  previousLevel?: CreditLevel;

  /** The score behind the level (0–100) and the scoring model's version. */
  @IsOptional()
  @Matches(/^-?\d{1,4}(\.\d{1,2})?$/)
  score?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  modelVersion?: string;

  /** Why, for the enterprise: the facts and lists that decided the level. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  /** How to appeal. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  appeal?: string;

  /**
   * The credit lists the enterprise is on at `ratedAt` (empty: none). A blacklisted enterprise's lists are
   * inspected whatever the rate of its level. Absent from producers before this field: unknown, taken as none.
   */
  @IsOptional()
  @IsIn(CREDIT_LISTS, { each: true })
  lists?: CreditList[];
}
