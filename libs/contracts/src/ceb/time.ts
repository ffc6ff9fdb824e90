const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `returnTime` of CEB receipts: YYYYMMDDhhmmssSSS in China Standard Time (UTC+8). */
export function cebReturnTime(date: Date = new Date()): string {
  return new Date(date.getTime() + CHINA_OFFSET_MS)
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17);
}
