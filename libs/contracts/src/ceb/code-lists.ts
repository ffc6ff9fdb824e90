/** Code lists of the customs CEB standard (../shared/ceb/REFERENCE.md section 5). */

export const AppType = { New: '1', Change: '2', Delete: '3' } as const;
export type AppType = (typeof AppType)[keyof typeof AppType];

export const AppStatus = { Draft: '1', Declared: '2' } as const;
export type AppStatus = (typeof AppStatus)[keyof typeof AppStatus];

/** Import documents must be in RMB (customs currency code 142). */
export const CURRENCY_RMB = '142';

/** Buyer and payer id type: import lists accept only the resident id card (1). */
export const IdType = { IdCard: '1', Other: '2' } as const;

/** Receipt `returnStatus` values (REFERENCE.md 6.1). */
export const CebStatus = {
  Stored: '1',
  Declaring: '2',
  SentToCustoms: '3',
  SendFailed: '4',
  Refused: '100',
  Accepted: '120',
  ManualReview: '300',
  Concluded: '399',
  Inspection: '500',
  Released: '800',
  Closed: '899',
} as const;
export type CebStatus = (typeof CebStatus)[keyof typeof CebStatus];
