import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';

/** The machine a benchmark ran on, recorded next to its numbers. */
export interface MachineInfo {
  /** Logical CPUs this process may use, as `nproc` counts them. */
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly nodeVersion: string;
  readonly platform: string;
  /** One-minute load average when the report was made; other work on the CPUs slows steps. */
  readonly loadAverage: number;
}

/** Describes this machine: CPUs, Node.js version, operating system and current load. */
export function describeMachine(): MachineInfo {
  return {
    cpuCount: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    nodeVersion: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: loadavg()[0],
  };
}

/** Returns the process's resident set size high-water mark (peak RSS) so far, in bytes. */
export function peakResidentBytes(): number {
  // resourceUsage() reports maxRSS in kilobytes (getrusage's ru_maxrss on Linux).
  return process.resourceUsage().maxRSS * 1024;
}
