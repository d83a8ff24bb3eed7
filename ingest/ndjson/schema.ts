/**
 * Canonical events: one JSON object per NDJSON line. Each `type` is one CSV template with the same
 * field names (so the same fact from CSV and from a stream has the same idempotency key), plus
 * `graph` for systems that speak lotgraph's node/edge model directly. Schemas are TypeBox, built
 * from the template columns, so the documentation and the check cannot drift.
 */
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { TEMPLATES } from '../csv/templates.ts';
import type { Column, Template } from '../csv/template.ts';

/** Event type -> template name. */
export const EVENT_TYPES: Record<string, string> = {
  material: 'materials',
  supplier: 'suppliers',
  customer: 'customers',
  equipment: 'equipment',
  receive: 'receipts',
  operation: 'operations',
  produce: 'productions',
  consume: 'consumptions',
  serial: 'serials',
  pack: 'packing',
  shipment: 'shipments',
  ship: 'shipment_lines',
};

const TIME = Type.Union([Type.String({ minLength: 1 }), Type.Number()]);

function fieldSchema(c: Column): TSchema {
  switch (c.type) {
    case 'number':
      return Type.Union([Type.Number({ minimum: 0 }), Type.String(), Type.Null()]);
    case 'time':
      return Type.Union([TIME, Type.Null()]);
    case 'list':
      return Type.Union([Type.Array(Type.String()), Type.String(), Type.Null()]);
    case 'flag':
      return Type.Union([Type.Boolean(), Type.String(), Type.Number(), Type.Null()]);
    default:
      return Type.Union([Type.String(), Type.Number(), Type.Null()]);
  }
}

/** The schema of one event type: the template's columns (all optional here; required ones are checked with positions), `id`, and `at` for the template's time column. */
export function eventSchema(type: string, t: Template): TObject {
  const fields: Record<string, TSchema> = { type: Type.Literal(type), id: Type.Optional(Type.String({ minLength: 1 })), at: Type.Optional(TIME) };
  for (const c of t.columns) fields[c.name] = Type.Optional(fieldSchema(c));
  return Type.Object(fields, { additionalProperties: false });
}

/** The `graph` event: a lotgraph batch with an idempotency key (else a hash of the event). */
export const GraphEventSchema = Type.Object(
  {
    type: Type.Literal('graph'),
    id: Type.Optional(Type.String({ minLength: 1 })),
    at: Type.Optional(TIME),
    nodes: Type.Optional(Type.Array(Type.Object({ kind: Type.String(), key: Type.String(), ids: Type.Optional(Type.Array(Type.String())), props: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }))),
    edges: Type.Optional(Type.Array(Type.Object({ kind: Type.String(), from: Type.String(), to: Type.String(), at: Type.Optional(Type.Union([TIME, Type.Null()])), qty: Type.Optional(Type.Union([Type.Number(), Type.Null()])), uom: Type.Optional(Type.Union([Type.String(), Type.Null()])) }))),
    removeEdges: Type.Optional(Type.Array(Type.Object({ kind: Type.String(), from: Type.String(), to: Type.String() }))),
    retracts: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

/** Every event schema by type. */
export const EVENT_SCHEMAS: Record<string, TObject> = Object.fromEntries([
  ...Object.entries(EVENT_TYPES).map(([type, name]) => [type, eventSchema(type, TEMPLATES.find((t) => t.name === name)!)]),
  ['graph', GraphEventSchema],
]);
