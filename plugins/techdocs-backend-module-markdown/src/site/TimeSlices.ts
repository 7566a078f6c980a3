const SLICE_MS = 20;

/**
 * Rendering is synchronous work; on the backend's main thread it runs in slices of a few
 * milliseconds, and other requests are served in between.
 */
export class TimeSlices {
  private start = performance.now();

  /** Yields to the event loop when the current slice is used up. */
  async next(): Promise<void> {
    if (performance.now() - this.start > SLICE_MS) {
      await new Promise(resolve => setImmediate(resolve));
      this.start = performance.now();
    }
  }
}
