/**
 * Where a build reports what it did and what it refused. The TechDocs backend passes a winston
 * logger whose output reaches the reader's build log; the CLI passes one that prints to stderr.
 */
export interface BuildLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** A BuildLog that keeps messages, for tests and for counting warnings. */
export class CollectingBuildLog implements BuildLog {
  readonly infos: string[] = [];
  readonly warnings: string[] = [];
  readonly debugs: string[] = [];

  info(message: string) {
    this.infos.push(message);
  }

  warn(message: string) {
    this.warnings.push(message);
  }

  debug(message: string) {
    this.debugs.push(message);
  }
}
