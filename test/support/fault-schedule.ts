/**
 * Seeded random fault schedules for a FaultProxy: the same seed gives the same
 * schedule, so a failing run can be replayed from the seed in its message.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault, FaultProxy } from './fault-proxy';

export interface ScheduleStep {
  fault: Fault;
  durationMs: number;
}

// The demo generator's PRNG: one implementation for every seeded thing.
import { mulberry32 } from '../../src/demo/prng';
export { mulberry32 };

const KINDS: Fault['kind'][] = ['pass', 'refuse', 'blackhole', 'delay', 'reset-after', 'drop-response'];

/**
 * `steps` random steps followed by a final `{ kind: 'pass' }` step of 0 ms.
 * Kinds are drawn from shuffled bags, so every run of six steps holds each
 * kind once. Durations are 50..maxDurationMs (default 1500); delays 50–1500 ms;
 * reset-after 100–20000 bytes.
 */
export function faultSchedule(seed: number, steps: number, opts: { maxDurationMs?: number } = {}): ScheduleStep[] {
  const random = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const maxDuration = Math.max(50, opts.maxDurationMs ?? 1500);
  const schedule: ScheduleStep[] = [];
  let bag: Fault['kind'][] = [];
  for (let i = 0; i < steps; i += 1) {
    if (bag.length === 0) {
      bag = [...KINDS];
      for (let j = bag.length - 1; j > 0; j -= 1) {
        const k = int(0, j);
        [bag[j], bag[k]] = [bag[k] as Fault['kind'], bag[j] as Fault['kind']];
      }
    }
    const kind = bag.pop() as Fault['kind'];
    const fault: Fault =
      kind === 'delay' ? { kind, ms: int(50, 1500) } : kind === 'reset-after' ? { kind, bytes: int(100, 20_000) } : { kind };
    schedule.push({ fault, durationMs: int(50, maxDuration) });
  }
  schedule.push({ fault: { kind: 'pass' }, durationMs: 0 });
  return schedule;
}

/**
 * Applies each step for its duration, then leaves the proxy at 'pass' (also
 * when a step fails or `signal` aborts; an abort ends the run without throwing).
 */
export async function runSchedule(proxy: FaultProxy, schedule: ScheduleStep[], signal?: AbortSignal): Promise<void> {
  try {
    for (const step of schedule) {
      if (signal?.aborted) return;
      await proxy.set(step.fault);
      if (step.durationMs > 0) await sleep(step.durationMs, undefined, signal ? { signal } : {});
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
  } finally {
    await proxy.set({ kind: 'pass' });
  }
}

function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'delay':
      return `delay(${f.ms}ms)`;
    case 'reset-after':
      return `reset-after(${f.bytes}B)`;
    default:
      return f.kind;
  }
}

/** One line, e.g. `refuse 300ms → delay(120ms) 900ms → pass 0ms`. */
export function describeSchedule(s: ScheduleStep[]): string {
  return s.map((step) => `${describeFault(step.fault)} ${step.durationMs}ms`).join(' → ');
}
