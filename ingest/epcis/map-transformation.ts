/**
 * TransformationEvent -> graph: inputs CONSUMED_BY one Operation, which PRODUCED the outputs, at the
 * event time with quantities. Events sharing a transformationID are one operation (key from the
 * transformationID, else the record id). bizStep, readPoint and bizLocation become operation props;
 * ilmd applies to the outputs. Sensor data is not mapped (it stays in the record's raw event).
 */
import { operationKey } from '../../graph/keys.ts';
import type { Props } from '../../graph/model.ts';
import { cbv, locationId, str } from './event-fields.ts';
import { addWithIlmd, objectsOf, type EventCtx } from './event-context.ts';

export function mapTransformationEvent(c: EventCtx): void {
  const { ev, b, at } = c;
  const transformationID = str(ev, 'transformationID');
  const op = operationKey(transformationID ?? c.id);
  const props: Props = {};
  const bizStep = cbv(ev, 'bizStep');
  const readPoint = locationId(ev, 'readPoint');
  const bizLocation = locationId(ev, 'bizLocation');
  if (bizStep !== undefined) props.bizStep = bizStep;
  if (readPoint !== undefined) props.readPoint = readPoint;
  if (bizLocation !== undefined) props.bizLocation = bizLocation;
  if (transformationID !== undefined) props.transformationID = transformationID;
  const inputs = objectsOf(ev, 'inputEPCList', 'inputQuantityList');
  const outputs = objectsOf(ev, 'outputEPCList', 'outputQuantityList');
  b.node('Operation', op, [transformationID ?? c.id], props);
  for (const i of inputs) {
    b.object(i);
    b.edge('CONSUMED_BY', i.key, op, at, i.qty, i.uom);
  }
  addWithIlmd(c, outputs);
  for (const o of outputs) b.edge('PRODUCED', op, o.key, at, o.qty, o.uom);
}
