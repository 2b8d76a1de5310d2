/**
 * The in-memory side of a transaction: every change to memory pushes the step that takes it
 * back. A command that fails is rolled back to its mark; a batch that fails, to the start.
 * The capabilities of an actor share one log, so none needs to know what another staged.
 */
export class UndoLog {
  private readonly steps: (() => void)[] = [];

  push(step: () => void): void {
    this.steps.push(step);
  }

  /** Where the log stands now, to roll back to. */
  get mark(): number {
    return this.steps.length;
  }

  /** Undoes every step after `mark`, newest first. */
  rollback(mark = 0): void {
    while (this.steps.length > mark) this.steps.pop()!();
  }

  /** The transaction committed: nothing of it is to be undone any more. */
  clear(): void {
    this.steps.length = 0;
  }
}
