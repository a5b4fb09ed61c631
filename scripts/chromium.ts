/**
 * How rnnlab's browser test and report pictures start Debian's Chromium headless. Without the
 * background-networking flags Chromium keeps trying to reach Google's services, which a
 * machine with a closed network refuses; --no-sandbox is needed when it runs as root.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
