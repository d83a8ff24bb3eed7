/** A Cypher statement as every builder returns it: text plus bound parameters (never values in the text). */
export interface Statement {
  text: string;
  params: Record<string, unknown>;
}
