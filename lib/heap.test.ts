// boundHeapGrowth leaves a growth factor the user gave (a node flag or NODE_OPTIONS, either spelling).
import { describe, expect, it } from 'vitest';
import { heapGrowthGiven } from './heap.ts';

describe('heapGrowthGiven', () => {
  it('sees the flag in node flags or NODE_OPTIONS, in either spelling', () => {
    expect(heapGrowthGiven(['--heap-growing-percent=30'], undefined)).toBe(true);
    expect(heapGrowthGiven([], '--max-old-space-size=16384 --heap_growing_percent=50')).toBe(true);
    expect(heapGrowthGiven(['--import', 'tsx'], '--max-old-space-size=16384')).toBe(false);
    expect(heapGrowthGiven([], undefined)).toBe(false);
  });
});
