export {
  CEB_MESSAGES,
  CEB_NAMESPACE,
  cebMessageStructure,
  type CebFieldStructure,
  type CebFieldType,
  type CebMessageKind,
  type CebMessageStructure,
  type CebRootElement,
  type CebSchema,
} from './ceb-structure';
export { CebXmlParseError, parseCebXml, type CebXmlMessage } from './ceb-xml-parser';
export { buildReceiptXml, receiptRootFor, type ReceiptRoot, withoutNonXmlCharacters } from './receipt-xml';
export {
  CEB_XSD_FILES,
  cebXsdDirectory,
  validateCebXml,
  type XsdError,
  type XsdResult,
} from './xsd-validator';
export * from './signature';
export * from './declaration-xml';
