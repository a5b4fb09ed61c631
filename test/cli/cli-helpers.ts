import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the rnnlab command from source, as `rnnlab ARGS`, from the repository root. */
export function runCli(args: string[], options: { cwd?: string } = {}): CliResult {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)), ...args],
    { cwd: options.cwd ?? repository, encoding: 'utf8', timeout: 240_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
