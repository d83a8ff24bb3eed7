/** CSV ingest: templates, mapping files, the streaming parser. */
export { parseCsv, parseCsvBatches, MAX_RECORD_CHARS, type CsvOptions } from './parse.ts';
export { loadMapping, checkMapping, MappingSchema, type Mapping } from './mapping.ts';
export { TEMPLATES, TEMPLATE_NAMES, templateByName, templateOfFileName, templateOfHeader } from './templates.ts';
export type { Template, Column } from './template.ts';
