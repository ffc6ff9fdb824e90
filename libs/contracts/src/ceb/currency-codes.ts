/**
 * Customs (JGS-20) three-digit currency codes → ISO 4217 (docs: shared CEB reference, 币制代码). Documents carry
 * the customs code; banks, rates and every forex and statistics API speak ISO.
 */
export const CEB_TO_ISO: Readonly<Record<string, string>> = {
  '110': 'HKD',
  '116': 'JPY',
  '121': 'MOP',
  '132': 'SGD',
  '133': 'KRW',
  '142': 'CNY',
  '143': 'TWD',
  '300': 'EUR',
  '303': 'GBP',
  '331': 'CHF',
  '501': 'CAD',
  '502': 'USD',
  '601': 'AUD',
  '609': 'NZD',
};

export const ISO_CURRENCIES: readonly string[] = Object.values(CEB_TO_ISO);

/** The ISO code of a customs currency code, undefined for a code outside the table. */
export const isoOf = (cebCode: string | null | undefined): string | undefined =>
  cebCode ? CEB_TO_ISO[cebCode] : undefined;
