/** Base class of every error posbench raises on purpose. `code` is stable and machine-readable. */
export class PosbenchError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
