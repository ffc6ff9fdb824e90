/** The declaration-message builder lives in the contracts (the console's XML examples use it too). */
export { cebXmlMessage } from '@swx/contracts';
