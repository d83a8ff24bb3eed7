/**
 * API keys and roles. Keys come from config as `name:role:secret` entries; only their SHA-256
 * digests are kept in memory and compared in constant time. Roles are ordered: a role may do
 * everything the roles below it may.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { LgError } from './errors.ts';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who made a request: a key's name and role, or `anonymous` when no keys are configured. */
export interface Principal {
  name: string;
  role: Role;
}

interface KeyEntry {
  name: string;
  role: Role;
  digest: Buffer;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Parses `name:role:secret[,name:role:secret...]`; throws LG_CONFIG naming the bad entry (never the secret). */
export function parseApiKeys(spec: string | undefined): KeyEntry[] {
  if (!spec || spec.trim() === '') return [];
  return spec.split(',').map((raw, i) => {
    const [name, role, ...rest] = raw.trim().split(':');
    const secret = rest.join(':');
    if (!name || !ROLES.includes(role as Role) || secret.length < 12) {
      throw new LgError('LG_CONFIG', `LOTGRAPH_API_KEYS entry ${i + 1} ('${name ?? ''}') must be name:role:secret with role one of ${ROLES.join('/')} and a secret of at least 12 characters`, { entry: i + 1 });
    }
    return { name, role: role as Role, digest: digest(secret) };
  });
}

/** Authenticates a presented key against the configured ones. */
export class ApiKeys {
  private readonly entries: KeyEntry[];

  constructor(spec: string | undefined) {
    this.entries = parseApiKeys(spec);
  }

  /** False when no keys are configured (local development: everyone is `anonymous` admin). */
  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** The principal for a presented key; LG_UNAUTHORIZED when missing or unknown. */
  authenticate(presented: string | undefined): Principal {
    if (!this.enabled) return { name: 'anonymous', role: 'admin' };
    if (!presented) throw new LgError('LG_UNAUTHORIZED', 'an API key is required: send it as "Authorization: Bearer <key>" or "x-api-key"');
    const d = digest(presented);
    for (const e of this.entries) if (timingSafeEqual(d, e.digest)) return { name: e.name, role: e.role };
    throw new LgError('LG_UNAUTHORIZED', 'unknown API key');
  }
}

/** Throws LG_FORBIDDEN unless `p` holds at least `need`. */
export function requireRole(p: Principal, need: Role): void {
  if (ROLES.indexOf(p.role) < ROLES.indexOf(need)) {
    throw new LgError('LG_FORBIDDEN', `this needs the ${need} role; key '${p.name}' has ${p.role}`, { need, have: p.role });
  }
}
