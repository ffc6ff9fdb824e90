/**
 * Kafka key of every document of one order: the order number, which all four documents carry (the waybill
 * has no platform code, so the platform code cannot be part of the key).
 */
export const orderKey = (orderNo: string): string => orderNo;

/**
 * The order number of a business identity `<enterprise code>:<orderNo>` (a list's `ebcCode:orderNo`, an export
 * case's `ebpCode:orderNo`). Enterprise codes never hold a colon, so everything after the first one is the order
 * number, whatever it contains.
 */
export function orderNoOfIdentity(identity: string): string {
  const colon = identity.indexOf(':');
  if (colon < 0) throw new Error(`${identity} is not an <enterprise code>:<orderNo> identity`);
  return identity.slice(colon + 1);
}
