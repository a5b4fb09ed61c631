// Optimizer steps over n float32 parameters, four lanes at a time, with torch.optim's update
// order (PyTorch 1.13, single-tensor implementations).

import { address } from './memory';

/**
 * Performs one Adam step as torch.optim.Adam does it, with L2 weight decay added to the gradient:
 * g = grad + weightDecay param, m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2,
 * param -= lr / (1 - beta1^step) m / (sqrt(v) / sqrt(1 - beta2^step) + eps). `step` counts
 * from 1.
 */
export function adamStep(
  n: i32,
  param: i32,
  grad: i32,
  m: i32,
  v: i32,
  lr: f64,
  beta1: f64,
  beta2: f64,
  eps: f64,
  weightDecay: f64,
  step: i32,
): void {
  // Scalars arrive in float64, so 1 - beta is rounded once, as float32 kernels in JavaScript do.
  const stepSize = <f32>(lr / (1 - Math.pow(beta1, <f64>step)));
  const correction2Sqrt = <f32>Math.sqrt(1 - Math.pow(beta2, <f64>step));
  const beta1f = <f32>beta1;
  const beta2f = <f32>beta2;
  const rest1 = <f32>(1 - beta1);
  const rest2 = <f32>(1 - beta2);
  const epsf = <f32>eps;
  const decayf = <f32>weightDecay;
  const pparam = address(param);
  const pgrad = address(grad);
  const pm = address(m);
  const pv = address(v);

  const vBeta1 = f32x4.splat(beta1f);
  const vBeta2 = f32x4.splat(beta2f);
  const vRest1 = f32x4.splat(rest1);
  const vRest2 = f32x4.splat(rest2);
  const vDecay = f32x4.splat(decayf);
  const vCorrection = f32x4.splat(correction2Sqrt);
  const vEps = f32x4.splat(epsf);
  const vStep = f32x4.splat(stepSize);
  const decay = weightDecay != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const p = v128.load(pparam + o);
    let g = v128.load(pgrad + o);
    if (decay) g = f32x4.add(g, f32x4.mul(vDecay, p));
    const mi = f32x4.add(f32x4.mul(vBeta1, v128.load(pm + o)), f32x4.mul(vRest1, g));
    const vi = f32x4.add(f32x4.mul(vBeta2, v128.load(pv + o)), f32x4.mul(vRest2, f32x4.mul(g, g)));
    v128.store(pm + o, mi);
    v128.store(pv + o, vi);
    const denominator = f32x4.add(f32x4.div(f32x4.sqrt(vi), vCorrection), vEps);
    v128.store(pparam + o, f32x4.sub(p, f32x4.div(f32x4.mul(vStep, mi), denominator)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const p = load<f32>(pparam + o);
    let g = load<f32>(pgrad + o);
    if (decay) g += decayf * p;
    const mi: f32 = beta1f * load<f32>(pm + o) + rest1 * g;
    const vi: f32 = beta2f * load<f32>(pv + o) + rest2 * g * g;
    store<f32>(pm + o, mi);
    store<f32>(pv + o, vi);
    const denominator: f32 = Mathf.sqrt(vi) / correction2Sqrt + epsf;
    store<f32>(pparam + o, p - (stepSize * mi) / denominator);
  }
}

/**
 * Performs one SGD step as torch.optim.SGD does it: g = grad + weightDecay param; with momentum,
 * buf = g on the first step and buf = momentum buf + (1 - dampening) g after, then g = buf, or
 * g + momentum buf with Nesterov; param -= lr g. Without momentum the buffer is not touched.
 */
export function sgdStep(
  n: i32,
  param: i32,
  grad: i32,
  momentumBuffer: i32,
  lr: f64,
  momentum: f64,
  dampening: f64,
  weightDecay: f64,
  nesterov: bool,
  firstStep: bool,
): void {
  const lrf = <f32>lr;
  const momentumf = <f32>momentum;
  const rest = <f32>(1 - dampening);
  const decayf = <f32>weightDecay;
  const pparam = address(param);
  const pgrad = address(grad);
  const pbuf = address(momentumBuffer);
  const useMomentum = momentum != 0;
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const p = load<f32>(pparam + o);
    let g: f32 = load<f32>(pgrad + o);
    if (weightDecay != 0) g += decayf * p;
    if (useMomentum) {
      const buf: f32 = firstStep ? g : momentumf * load<f32>(pbuf + o) + rest * g;
      store<f32>(pbuf + o, buf);
      g = nesterov ? g + momentumf * buf : buf;
    }
    store<f32>(pparam + o, p - lrf * g);
  }
}
