/**
 * The plant cache under `.bench/<scale>/` (gitignored): the engines' databases and `plant.json`
 * (meta, generation and load figures, which engines hold the complete plant). A later run with the
 * same scale, seed and generator version reuses a complete engine instead of loading it again.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlantMeta, Scale } from './generate.ts';

/** Bump when the generator's output changes, so stale caches are rebuilt. */
export const GENERATOR_VERSION = 2;

export interface LoadFigures {
  seconds: number;
  recordsPerSecond: number;
  extra?: Record<string, number>;
}

export interface PlantCache {
  version: number;
  scale: Scale;
  seed: number;
  meta: PlantMeta;
  generate: LoadFigures;
  /** Load figures of each engine that holds the complete plant. */
  loads: Record<string, LoadFigures>;
}

/** The cache directory of a scale. */
export const cacheDir = (base: string, scale: Scale): string => join(base, scale);

/** Reads the cache of a scale; null (and the cached engines cleared) when absent, stale or for another seed. */
export function readCache(dir: string, scale: Scale, seed: number): PlantCache | null {
  const file = join(dir, 'plant.json');
  if (existsSync(file)) {
    try {
      const c = JSON.parse(readFileSync(file, 'utf8')) as PlantCache;
      if (c.version === GENERATOR_VERSION && c.scale === scale && c.seed === seed) return c;
    } catch {
      // A torn or hand-edited file: rebuild the cache.
    }
  }
  clearCache(dir);
  return null;
}

/** Removes what the bench keeps in a cache directory (only its own files: `--dir` may be shared). */
export function clearCache(dir: string): void {
  for (const f of ['plant.json', 'plant.json.tmp', 'embedded', 'sql.duckdb', 'sql.duckdb.wal']) rmSync(join(dir, f), { recursive: true, force: true });
}

/** Writes the cache record atomically (a run killed mid-write leaves the previous one). */
export function writeCache(dir: string, c: PlantCache): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'plant.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(c));
  renameSync(`${file}.tmp`, file);
}
