/** A batch holds something an ingest format cannot say: the translator refuses it rather than drop it. */
export class NotExpressible extends Error {
  constructor(format: string, what: string) {
    super(`${format} cannot express ${what}`);
    this.name = 'NotExpressible';
  }
}
