/** Statements only the recall summary needs. */
import type { Statement } from './statement.ts';

/** How many CONSUMED_BY edges (respecting asOf) leave each node: a lot nothing consumes is an end product. */
export function consumedCounts(ids: number[], asOf: number | undefined): Statement {
  const cond = asOf === undefined ? '' : ' WHERE e.at IS NULL OR e.at <= $asOf';
  return {
    text: /* cypher */ `UNWIND $ids AS i MATCH (n) WHERE id(n) = i
RETURN i AS id, COUNT { (n)-[e:CONSUMED_BY]->()${cond} } AS c`,
    params: asOf === undefined ? { ids } : { ids, asOf },
  };
}
