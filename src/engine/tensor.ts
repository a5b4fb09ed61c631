/**
 * A named tensor of a network inside the kernels' memory block: a trainable parameter, with its
 * gradient next to it in the gradient block, or a non-trainable buffer such as a mask.
 */
export interface NamedTensor {
  /** Name as in PyTorch's state_dict, such as "rnn.weight_hh_l0". */
  readonly name: string;
  /** Row-major shape, such as [4 * hidden, hidden]. */
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  /** Element offset of the values in `kernels.data`. */
  readonly offset: number;
  /** Element offset of the gradient in `kernels.data`, or -1 for a buffer. */
  readonly gradientOffset: number;
  /**
   * Role for regularization. Weight matrices take the L2 weight penalty, but biases, initial
   * states and buffers do not.
   */
  readonly role: 'weight' | 'bias' | 'initial-state' | 'buffer';
}

/** Declaration of a tensor before it is allocated. */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly role: NamedTensor['role'];
}
