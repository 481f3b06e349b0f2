import type { SimClock } from '../common/clock.js';
import type { Json } from './render.js';

/**
 * A webhook emitter: control-API changes are POSTed to registered loopback URLs as
 * `jira:issue_created|updated|deleted` payloads with Jira's delivery headers
 * (`X-Atlassian-Webhook-Identifier`, `-Retry`, `-Flow`). `duplicate` re-delivers every event with the
 * same identifier (at-least-once delivery). Deliveries are asynchronous; `flush()` awaits them.
 */

export type WebhookEvent = 'jira:issue_created' | 'jira:issue_updated' | 'jira:issue_deleted';

export interface WebhookRegistration {
  url: string;
  events?: WebhookEvent[];
  /** Deliver each event twice with the same identifier. */
  duplicate?: boolean;
}

export interface WebhookDelivery {
  url: string;
  identifier: string;
  retry: number;
  status: number | 'error';
}

export class WebhookEmitter {
  private readonly hooks: (WebhookRegistration & { id: number })[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  readonly deliveries: WebhookDelivery[] = [];
  private seq = 0;

  constructor(private readonly clock: SimClock) {}

  register(hook: WebhookRegistration): { id: number } {
    const url = new URL(hook.url);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      throw new Error('Webhooks may only target loopback URLs');
    const id = this.hooks.length + 1;
    this.hooks.push({ ...hook, id });
    return { id };
  }

  clear(): void {
    this.hooks.length = 0;
  }

  emit(event: WebhookEvent, issue: Json, user: Json, extra: Json = {}): void {
    const payload = {
      timestamp: this.clock.now(),
      webhookEvent: event,
      issue_event_type_name:
        event === 'jira:issue_created'
          ? 'issue_created'
          : event === 'jira:issue_deleted'
            ? 'issue_deleted'
            : 'issue_generic',
      user,
      issue,
      ...extra,
    };
    for (const hook of this.hooks) {
      if (hook.events && !hook.events.includes(event)) continue;
      const identifier = `sim-${++this.seq}-${this.clock.now().toString(36)}`;
      const times = hook.duplicate ? 2 : 1;
      for (let retry = 0; retry < times; retry++)
        this.deliver(hook.url, { ...payload, matchedWebhookIds: [hook.id] }, identifier, retry);
    }
  }

  private deliver(url: string, payload: Json, identifier: string, retry: number): void {
    const p = fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Atlassian-Webhook-Identifier': identifier,
        'X-Atlassian-Webhook-Retry': String(retry),
        'X-Atlassian-Webhook-Flow': 'Primary',
      },
      body: JSON.stringify(payload),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        this.deliveries.push({ url, identifier, retry, status: res.status });
      })
      .catch(() => {
        this.deliveries.push({ url, identifier, retry, status: 'error' });
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Resolves when every delivery started so far has finished. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
