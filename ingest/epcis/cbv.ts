/**
 * CBV values in any spelling to bare words: `shipping`, `urn:epcglobal:cbv:bizstep:shipping`,
 * `https://ref.gs1.org/cbv/BizStep-shipping`, `gs1:BizStep-shipping`, `cbv:BizStep-shipping`.
 * Values outside the CBV (a company's own URI) are kept as given.
 */
const URN = /^urn:epcglobal:cbv:(?:bizstep|disp|btt|sdt|er|bt|sdt|cbv):([A-Za-z0-9_]+)$/i;
const WEB = /^(?:https?:\/\/(?:ref\.gs1\.org\/cbv|gs1\.org\/voc|www\.gs1\.org\/voc)\/|gs1:|cbv:)(?:BizStep|Disp|BTT|SDT|ER)-([A-Za-z0-9_]+)$/i;

/** The bare CBV word of `v`, or `v` unchanged when it is not a CBV spelling. */
export function cbvWord(v: string): string {
  const s = v.trim();
  const m = URN.exec(s) ?? WEB.exec(s);
  return m ? m[1]! : s;
}
