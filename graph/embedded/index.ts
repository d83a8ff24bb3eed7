/** The embedded (default) GraphStore: in-memory trace index persisted in DuckDB. */
export { EmbeddedStore, openEmbeddedStore } from './embedded-store.ts';
