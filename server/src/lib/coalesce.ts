// Coalescing of many small writes into one statement ("group commit" in the application). A call waits while earlier
// batches are in flight; when one comes back, everything that waited meanwhile goes as the next batch. Under light
// load every call goes alone at once (nothing is delayed); under heavy load the batches grow by themselves, so the
// database and the driver see one statement, one write to the socket and one commit per batch instead of per call.
// Used by the webhooks' acknowledgement: each network request still answers only after its own row is committed.

export interface CoalesceOptions {
  /** Batches in flight at once. */
  inFlight: number;
  /** The most calls one batch takes. */
  maxBatch: number;
}

/**
 * Wraps a batch operation as a single-item call. `many` answers one result per item, in order; when a batch fails,
 * each of its items is tried alone, so one bad item fails only its own call.
 */
export function coalesce<I, O>(many: (items: I[]) => Promise<O[]>, opts: CoalesceOptions): (item: I) => Promise<O> {
  const waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let running = 0;
  const alone = (w: (typeof waiting)[number]) => many([w.item]).then((out) => w.resolve(out[0]!), w.reject);
  const pump = () => {
    while (running < opts.inFlight && waiting.length > 0) {
      const batch = waiting.splice(0, opts.maxBatch);
      running++;
      many(batch.map((w) => w.item)).then(
        (out) => batch.forEach((w, i) => w.resolve(out[i]!)),
        async (err: unknown) => {
          if (batch.length === 1) batch[0]!.reject(err);
          else await Promise.all(batch.map(alone));
        })
        .finally(() => { running--; pump(); });
    }
  };
  return (item) => new Promise<O>((resolve, reject) => { waiting.push({ item, resolve, reject }); pump(); });
}
