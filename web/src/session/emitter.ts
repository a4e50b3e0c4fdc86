/**
 * A minimal typed event emitter for the session managers, so they stay free of Svelte and of
 * Node's `events` module and can be driven in unit tests.
 */

export type Listener<Args extends unknown[]> = (...args: Args) => void;

/**
 * Emits events whose argument lists are described by `Events`.
 * @example
 * class Sync extends Emitter<{ changed: [state: OverlayState] }> {}
 * const off = sync.on('changed', (state) => render(state));
 */
export class Emitter<Events extends { [K in keyof Events]: unknown[] }> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never[]>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as unknown as Listener<never[]>);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.listeners.get(event)?.delete(listener as unknown as Listener<never[]>);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as unknown as Listener<Events[K]>)(...args);
    }
  }
}
