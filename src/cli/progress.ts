/**
 * Training progress on stderr: one bar per model on a terminal, and a line every tenth of the
 * run otherwise (CI logs, pipes), so a log shows progress without redrawing.
 */
import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  step: number;
  steps: number;
  loss: number;
}

export interface ProgressDisplay {
  start(model: string, steps: number): void;
  update(model: string, update: ProgressUpdate): void;
  stop(): void;
}

/** Creates the display that suits stderr: bars on a terminal, periodic lines elsewhere. */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  return stream.isTTY ? new BarDisplay(stream) : new LineDisplay(stream);
}

class BarDisplay implements ProgressDisplay {
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private readonly multibar: cliProgress.MultiBar;
  private readonly width: number;

  constructor(stream: NodeJS.WriteStream) {
    this.width = 8;
    this.multibar = new cliProgress.MultiBar(
      {
        stream,
        format: '{model} {bar} {value}/{total} steps | loss {loss} | {eta_formatted} left',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  start(model: string, steps: number): void {
    const label = model.padEnd(this.width);
    this.bars.set(model, this.multibar.create(steps, 0, { model: label, loss: '-' }));
  }

  update(model: string, update: ProgressUpdate): void {
    this.bars.get(model)?.update(update.step, { loss: formatLoss(update.loss) });
  }

  stop(): void {
    this.multibar.stop();
  }
}

class LineDisplay implements ProgressDisplay {
  private readonly started = new Map<
    string,
    { at: number; firstStep: number; lastTenth: number }
  >();
  private readonly waiting = new Set<string>();

  constructor(private readonly stream: NodeJS.WriteStream) {}

  /** Registers a model; its first line waits for its first step, since it may queue first. */
  start(model: string): void {
    this.waiting.add(model);
  }

  update(model: string, update: ProgressUpdate): void {
    if (this.waiting.delete(model)) {
      // The clock starts at the first step, so the time left leaves out the time in the queue.
      this.started.set(model, { at: Date.now(), firstStep: update.step, lastTenth: 0 });
      this.stream.write(`${model}: training for ${update.steps} steps\n`);
    }
    const state = this.started.get(model);
    if (!state) return;
    const tenth = Math.floor((10 * update.step) / update.steps);
    if (tenth <= state.lastTenth) return;
    state.lastTenth = tenth;
    const elapsed = (Date.now() - state.at) / 1000;
    const stepsTimed = Math.max(update.step - state.firstStep, 1);
    const left = (elapsed * (update.steps - update.step)) / stepsTimed;
    this.stream.write(
      `${model}: step ${update.step}/${update.steps}, loss ${formatLoss(update.loss)}, ` +
        `${formatSeconds(left)} left\n`,
    );
  }

  stop(): void {}
}

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(4) : String(loss);
}

/** Formats a duration in seconds as "42 s" or "3 min 5 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - 60 * minutes)} s`;
}
