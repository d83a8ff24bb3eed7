/**
 * The idempotency key of a CSV row (also of an NDJSON template event without an `id`):
 * `<template>:<key columns, percent-encoded, joined by |>#<hash of every column's value as read>`.
 * The key columns keep the key readable; the hash makes two rows that say anything different (another
 * time, quantity, result, equipment) two records, so neither is skipped as a duplicate of the other.
 * Values are taken after mapping, trimming and conversion (numbers, epoch ms, units, sorted lists): the
 * same row from another column order, a mapped export or an NDJSON event has the same key.
 *
 * A row with a `posting` (the export's own id of the posting: a material document and line) is
 * `<template>@<first key column>/<posting>:<key columns>#<hash>` (values percent-encoded): every version of that posting shares
 * the part before the first `:` (`postingOf`), so a later version with other values (an ERP row
 * edited in place) replaces the earlier one (ingest/README.md, "Postings edited in place").
 */
import { hash } from 'node:crypto';
import type { Template, Values } from './template.ts';

/** The row key of `v` (converted values of `t`'s columns). Throws URIError on a lone surrogate. */
export function rowKey(t: Template, v: Values): string {
  const posting = typeof v.posting === 'string' && v.posting !== '' ? v.posting : null;
  // a posting is one within its document (the first key column: operation, shipment, container or
  // supplier), so two plants' ERPs numbering their documents alike cannot replace each other's rows
  let id = posting === null ? `${t.name}:` : `${t.name}@${encodeURIComponent(String(v[t.key[0]!] ?? ''))}/${encodeURIComponent(posting)}:`;
  for (let k = 0; k < t.key.length; k++) id += (k > 0 ? '|' : '') + encodeURIComponent(String(v[t.key[k]!] ?? ''));
  // Each value tagged and strings length-prefixed, so no value can run into the next; 64 bits only
  // have to tell apart the rows that share the readable key columns.
  let all = '';
  for (const c of t.columns) {
    const x = v[c.name] ?? null;
    // a column added later adds to the hash only when set, so rows logged before it keep their keys
    if (c.late && (x === null || x === false)) continue;
    if (x === true) all += 'f1;';
    else if (x === null) all += '-';
    else if (typeof x === 'number') all += `n${x};`;
    else if (typeof x === 'string') all += `s${x.length}:${x}`;
    else if (Array.isArray(x)) {
      all += `l${x.length}:`;
      for (const e of [...x].sort()) all += `${e.length}:${e}`;
    }
  }
  return `${id}#${hash('sha256', all, 'hex').slice(0, 16)}`;
}

/** The posting a row key names (`<template>@<posting>`, every version of it alike), or null for a key without one. */
export function postingOf(id: string): string | null {
  const at = id.indexOf('@');
  if (at <= 0) return null;
  const colon = id.indexOf(':', at);
  const hash = id.lastIndexOf('#');
  // the template's name before '@' is a bare word; the key columns and posting are percent-encoded
  if (colon < 0 || hash < colon || !/^[a-z_]+$/.test(id.slice(0, at))) return null;
  return id.slice(0, colon);
}
