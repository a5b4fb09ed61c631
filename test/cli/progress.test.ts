import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createProgressDisplay, formatSeconds } from '../../src/cli/progress.js';

/** Returns a stand-in for stderr in a pipe: no terminal, and every write kept. */
function pipeStream(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = {
    isTTY: false,
    write: (chunk: string) => {
      chunks.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => chunks.join('').split('\n').filter((line) => line !== '') };
}

test('line display waits for the first step', () => {
  const { stream, lines } = pipeStream();
  const display = createProgressDisplay(stream);
  display.start('rnn', 100);
  display.start('gru', 100);
  assert.deepEqual(lines(), []);

  display.update('rnn', { step: 5, steps: 100, loss: 0.5 });
  assert.deepEqual(lines(), ['rnn: training for 100 steps']);
});

test('line display prints every tenth', () => {
  const { stream, lines } = pipeStream();
  const display = createProgressDisplay(stream);
  display.start('lstm', 100);
  for (let step = 1; step <= 100; step++) display.update('lstm', { step, steps: 100, loss: 0.25 });
  display.stop();
  const progress = lines().slice(1);
  assert.equal(progress.length, 10);
  assert.match(progress[0]!, /^lstm: step 10\/100, loss 0\.2500, \d+ s left$/);
  assert.match(progress[9]!, /^lstm: step 100\/100, loss 0\.2500, 0 s left$/);
});

test('formatSeconds reads as minutes and seconds', () => {
  assert.equal(formatSeconds(42.4), '42 s');
  assert.equal(formatSeconds(185), '3 min 5 s');
  assert.equal(formatSeconds(Number.POSITIVE_INFINITY), '?');
});
