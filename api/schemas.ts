/** TypeBox schemas shared by the REST routes (request validation and the OpenAPI document). */
import { Type, type TSchema } from '@sinclair/typebox';
import { EDGE_KINDS, NODE_KINDS } from '../graph/model.ts';

/** A string restricted to `values`, as a plain JSON Schema enum (readable validation messages). */
export const StringEnum = <T extends string>(values: readonly T[], opts: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...opts });

/** An instant: ISO-8601 string or epoch milliseconds. */
export const Instant = Type.Union([Type.String({ minLength: 1 }), Type.Number()], { description: 'ISO-8601 (2026-03-01T08:00:00Z) or epoch ms' });

export const NodeKindSchema = StringEnum(NODE_KINDS);
export const EdgeKindSchema = StringEnum(EDGE_KINDS);

export const NodeViewSchema = Type.Object({
  key: Type.String(),
  kind: NodeKindSchema,
  ids: Type.Array(Type.String()),
  props: Type.Record(Type.String(), Type.Unknown()),
});

export const EdgeViewSchema = Type.Object({
  kind: EdgeKindSchema,
  from: Type.String(),
  to: Type.String(),
  at: Type.Union([Type.Number(), Type.Null()]),
  until: Type.Union([Type.Number(), Type.Null()], { description: 'PACKED_INTO: when the item was unpacked (epoch ms); null: still packed, or not known' }),
  qty: Type.Union([Type.Number(), Type.Null()]),
  uom: Type.Union([Type.String(), Type.Null()]),
});

/** The error body every route answers with on failure. */
export const ErrorSchema = Type.Object({
  code: Type.String({ description: 'stable LG_ code' }),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** Standard error responses for a route's schema. */
export const errorResponses = (...statuses: number[]): Record<number, TSchema> =>
  Object.fromEntries(statuses.map((s) => [s, ErrorSchema]));
