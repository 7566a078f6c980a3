/**
 * The scaffolder writes a failed step's `error.stack` into the task log the user
 * reads. An error we raise on purpose (a taken name, an unknown owner) is a
 * sentence for the user, so its stack is the sentence alone.
 */
export function refusal<E extends Error>(error: E): E {
  error.stack = error.message;
  return error;
}
