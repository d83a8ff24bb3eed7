/** The machine a benchmark ran on, as recorded beside its figures. */
import { cpus, release, totalmem, type as osType, arch } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramBytes: number;
  node: string;
  os: string;
}

/** Describes this machine. */
export function machine(): Machine {
  const cs = cpus();
  return { cpu: cs[0]?.model.trim() ?? 'unknown', cores: cs.length, ramBytes: totalmem(), node: process.version, os: `${osType()} ${release()} ${arch()}` };
}
