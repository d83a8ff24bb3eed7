/** GS1 identifiers: parse any form (element string, Digital Link, EPC URN) to one result and to natural keys. */
export { parseIdentifier, identifierCandidates } from './parse-identifier.ts';
export { toNodeKey, keysOf, type Gs1Identifier, type Gs1Kind, type Gs1Warning } from './identifier.ts';
export { caseSerialOf, containerIdOf, containerKeyOf, equipmentIdOf } from './container-key.ts';
export { checkDigitOf, withCheckDigit } from './check-digit.ts';
export { gs1Date } from './gs1-date.ts';
export { aiSpec, type AiSpec } from './ai-table.ts';
export { padGtin } from './digital-link.ts';
export { GS } from './element-string.ts';
