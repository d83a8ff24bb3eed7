// The GraphStore conformance scenarios with their data written as a GS1 EPCIS 2.0 JSON-LD document (and
// again as EPCIS 2.0 XML), master data as CSV files keyed by GTIN-14, GLN and GIAI, loaded by the real
// EPCIS parser and ingest pipeline into the embedded store; keys are renamed between the scenario's and
// the GS1 names. Scenarios EPCIS cannot express run as expected failures, with the reason.
import { runConformance } from '../../graph/conformance/index.ts';
import { openEpcisIngestStore } from './format-stores.ts';

const UPSERT_CONTRACT = 'tests GraphStore.upsert itself (its result counts, re-sends, props/ids merge, edge replacement and removal); the pipeline reports a re-sent event as a duplicate, and every EPC also links its lot or serial to its GTIN material (OF_MATERIAL)';
const ALIAS = 'needs an alias (ERP-RL1, EPC-SN3, the bare lot number L1): an EPCIS object is named by its EPC, which is its only id';
const UNTIMED_UNIT = 'every EPCIS event has a time: the plant\'s untimed HAS_UNIT (D1 -> SN3) is a commissioning at the lot\'s production time, and the path shows that time';

/** Scenarios EPCIS cannot carry, and why. */
export const EPCIS_EXCLUDED: Record<string, string> = {
  'writes the plant once, then the same batch again changes nothing; stats count it by kind': UPSERT_CONTRACT,
  'merges props shallowly and unions ids; a repeat is unchanged': `${UPSERT_CONTRACT}; a lot written with no event that names it`,
  'creates missing endpoints bare, with the kind their key names': `${UPSERT_CONTRACT}; a lot quantity written alone`,
  'updates an edge given again with new attributes, and removes edges by identity': `${UPSERT_CONTRACT}; an edge without a time`,
  'normalises edge times': 'writes a consumption without a time (eventTime is required)',
  'applies concurrent batches completely': 'writes consumptions without a time (eventTime is required)',
  'rejects an invalid batch whole (LG_INVALID_BATCH) and writes nothing': 'an invalid batch (CONSUMED_BY from a Supplier) has no EPCIS form; bad events are rejected one by one (ingest/epcis tests)',
  'keeps RESIN/L1 and PCB/L1 apart': ALIAS,
  'traces the whole forward closure, from the key or an alias': ALIAS,
  'unions several suspects, by key or alias, without duplicates': ALIAS,
  'computes shipped and in-stock quantities per finished lot': 'its plant ships a serial without a time (eventTime is required)',
  'applies asOf to quantities': 'same plant as the quantities scenario: an untimed shipment',
  'reaches depth 1000 along a chain, both ways, and stops at maxDepth': 'its chains have no times (eventTime is required)',
  'terminates on a long cycle with shortest depths': 'its chains have no times (eventTime is required)',
  'finds a shortest forward path, or none': UNTIMED_UNIT,
  'undirected paths follow flow edges only': UNTIMED_UNIT,
  'looks a node up by key and by alias': ALIAS,
  'a serial packed into a serialised case ships with the case': 'its case is packed as a bare Serial; an SGTIN parentID is the case\'s Container, PACKED_INTO its Serial (one hop more, by design: a lot quantity can go into the case too); ingest/pipeline/containment.test.ts checks the recall',
  'searches by label, alias and key prefix, case-insensitively': `${ALIAS}; its key-prefix search names the scenario's part numbers, not GTINs`,
  'unknown times are unbounded: the safe side': 'its containments and a shipment have no time: every EPCIS event has one',
};

runConformance('embedded via EPCIS JSON-LD ingest', () => openEpcisIngestStore('json-ld'), undefined, { exclude: EPCIS_EXCLUDED });
runConformance('embedded via EPCIS XML ingest', () => openEpcisIngestStore('xml'), undefined, { exclude: EPCIS_EXCLUDED });
