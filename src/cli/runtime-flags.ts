/**
 * V8 flags that the rnnlab commands set when they start, before any WebAssembly module is
 * compiled. Node.js 20 (V8 11.3) supports relaxed SIMD only behind
 * --experimental-wasm-relaxed-simd, and Node.js 22 (V8 12.4) supports it by default. With it
 * the kernels' matrix products use fused multiply-adds, which made an LSTM training step about
 * 25% faster here (`npm run bench`, 2-core Intel Xeon, Node.js 20.20.2). V8 flags belong to the
 * process, so worker threads started later have it too.
 */
import { setFlagsFromString } from 'node:v8';

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) setFlagsFromString('--experimental-wasm-relaxed-simd');
