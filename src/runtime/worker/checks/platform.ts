// The parts of the Workers platform the check runs use, as plain structural types: the real bindings
// fit them, tests hand in their own, and this code compiles under Node's types too (tsconfig.json
// builds all of src/), where the Workers globals do not exist.
import type { D1Like } from '../../../store/d1.js';

/** A queue message as the consumer sees it (Workers `Message`). */
export interface QueueMessage<Body = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  /** 1 on the first delivery. */
  readonly attempts: number;
  retry(options?: { delaySeconds?: number }): void;
  ack(): void;
}

export interface QueueBatch<Body = unknown> {
  readonly messages: readonly QueueMessage<Body>[];
  readonly queue: string;
}

/** A queue producer binding (Workers `Queue`). */
export interface QueueProducer<Body = unknown> {
  send(body: Body, options?: { delaySeconds?: number }): Promise<unknown>;
  sendBatch(messages: Iterable<{ body: Body; delaySeconds?: number }>, options?: { delaySeconds?: number }): Promise<unknown>;
}

/** The static-assets binding (Workers `Fetcher`). */
export interface AssetFetcher {
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
}

/** What `scheduled` gets (Workers `ScheduledController`). */
export interface ScheduledEventLike {
  readonly scheduledTime: number;
  readonly cron: string;
}

/** `ctx` of a handler: work that may outlive the response. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

export type { D1Like };
