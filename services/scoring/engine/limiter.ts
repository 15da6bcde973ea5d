/**
 * The adaptive gate in front of each provider endpoint: one per endpoint per process, so two
 * batches against the same server share its limit instead of doubling it. (Counting semaphores for
 * frame extraction and memory are services/core/semaphore.ts.)
 */
import { Semaphore } from '../../core/semaphore';

export interface AdaptiveOptions {
  /** The most requests at once (the provider's concurrency setting). */
  max: number;
  /** Where to start: low for a lab server, whose queue is invisible until answers slow down. */
  start: number;
  /**
   * Back off when answers come back much slower than the fastest seen (the server is queueing).
   * On for lab servers; an API scales out and says so with 429 instead.
   */
  latencySensitive: boolean;
}

/** Handed out with each slot; feedback from an older epoch (sent before the last change) is ignored. */
export interface Ticket {
  readonly epoch: number;
  release(): void;
}

/** An answer this much slower than the fastest recent one means requests are waiting in the server's queue. */
const QUEUEING_RATIO = 1.75;
const RECENT = 20;

/**
 * Concurrency that adapts to the server: it rises while answers come back (doubling at first,
 * then one step per round of answers), halves on a 429 or a timeout, and, for a lab server, steps
 * down when a round's slowest answer shows requests queueing inside the server. Time spent
 * waiting here for a slot is not part of any request's timeout: the timer starts when it is sent.
 */
export class AdaptiveLimiter {
  private limitNow: number;
  private opts: AdaptiveOptions;
  /** Holds the current limit; the adapting below only ever changes it. */
  private readonly slots: Semaphore;
  private epoch = 0;
  private slowStart: boolean;
  private readonly recent: number[] = [];
  private roundAnswers = 0;
  private roundWorst = 0;

  constructor(opts: AdaptiveOptions) {
    this.opts = opts;
    this.limitNow = Math.min(opts.max, Math.max(1, opts.start));
    this.slowStart = this.limitNow < opts.max;
    this.slots = new Semaphore(this.limitNow);
  }

  get limit(): number {
    return this.limitNow;
  }

  get active(): number {
    return this.slots.inUse;
  }

  /** A new batch's settings; the learned limit stays, capped at the new maximum. */
  configure(opts: AdaptiveOptions): void {
    this.opts = opts;
    this.limitNow = Math.min(this.limitNow, opts.max);
    this.slots.setLimit(this.limitNow);
  }

  private change(limit: number): void {
    this.limitNow = Math.max(1, Math.min(this.opts.max, limit));
    this.epoch++;
    this.roundAnswers = 0;
    this.roundWorst = 0;
    this.slots.setLimit(this.limitNow);
  }

  async acquire(signal: AbortSignal): Promise<Ticket> {
    const release = await this.slots.acquire(signal);
    return { epoch: this.epoch, release };
  }

  /** An answer came back after `latencyMs` from sending. */
  answered(ticket: Ticket, latencyMs: number): void {
    this.recent.push(latencyMs);
    if (this.recent.length > RECENT) this.recent.shift();
    if (ticket.epoch !== this.epoch) return;
    const fastest = Math.min(...this.recent);
    this.roundAnswers++;
    this.roundWorst = Math.max(this.roundWorst, fastest > 0 ? latencyMs / fastest : 1);
    if (this.roundAnswers < this.limitNow) return;
    if (this.opts.latencySensitive && this.roundWorst > QUEUEING_RATIO) {
      this.slowStart = false;
      this.change(this.limitNow - 1);
    } else {
      this.change(this.slowStart ? this.limitNow * 2 : this.limitNow + 1);
    }
  }

  /** A 429 or a timeout: too much at once. */
  congested(ticket: Ticket): void {
    if (ticket.epoch !== this.epoch) return;
    this.slowStart = false;
    this.change(Math.floor(this.limitNow / 2));
  }
}

const providerGates = new Map<string, AdaptiveLimiter>();

/** The shared, adapting gate for one provider endpoint; a new batch's settings update it. */
export function providerGate(origin: string, opts: AdaptiveOptions): AdaptiveLimiter {
  let gate = providerGates.get(origin);
  if (!gate) {
    gate = new AdaptiveLimiter(opts);
    providerGates.set(origin, gate);
  } else gate.configure(opts);
  return gate;
}
