const CHINA_OFFSET_MS = 8 * 3_600_000;

/** A CEB `appTime` (YYYYMMDDhhmmss, China time) as ISO 8601 with the China offset. */
export function appTimeToIso(appTime: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(appTime);
  if (!m) throw new Error(`not a CEB appTime: ${appTime}`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`;
}

/** An instant as ISO 8601 in China time (`2026-11-30T09:00:00+08:00`): windows are shown as the documents' times. */
export function chinaIso(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}
