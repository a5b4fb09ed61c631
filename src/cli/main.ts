#!/usr/bin/env node
/**
 * The `rnnlab` command. Each subcommand lives in its own file and registers itself here.
 */
// Sets V8 flags before any WebAssembly module is compiled, so it comes first.
import './runtime-flags.js';

import { Command, CommanderError } from 'commander';

import { registerAnalyze } from './analyze.js';
import { registerDandi } from './dandi.js';
import { registerEvaluate } from './evaluate.js';
import { registerNwb } from './nwb.js';
import { registerRun } from './run.js';
import { registerTrain } from './train.js';
import { packageVersion } from './version.js';

const program = new Command();
program
  .name('rnnlab')
  .description('Train recurrent networks on lab tasks, see what they learned, compare with recordings')
  .version(packageVersion())
  .option('--verbose', 'print details such as the kernel implementation, and stack traces on errors')
  // Commander's own errors (bad flag values, unknown options) get the prefix of rnnlab's errors.
  .configureOutput({ outputError: (text, write) => write(`rnnlab: ${text}`) })
  .exitOverride();

const registrations: Array<(program: Command) => void> = [registerTrain, registerRun, registerEvaluate];
registrations.push(registerNwb);
registrations.push(registerDandi);
registrations.push(registerAnalyze);
for (const register of registrations) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

/** Prints an error as one line (with the stack only under --verbose) and returns the exit code. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version requests exit with 0.
    return error.exitCode;
  }
  const verbose = process.argv.includes('--verbose');
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`rnnlab: error: ${message}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
