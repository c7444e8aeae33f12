"use client";

import { use, useEffect, useState } from "react";

/**
 * The value of a promise that the server re-creates on every navigation (counts, stats).
 * The first render suspends, so the value streams with the page; after that the last settled value
 * stays on screen (`stale` while the new promise runs) instead of suspending again, because
 * suspending an already visible boundary would make the whole navigation wait for this promise.
 */
export function useSettledValue<T>(promise: Promise<T>): { value: T; stale: boolean } {
  const [settled, setSettled] = useState<{ promise: Promise<T>; value: T } | null>(null);

  useEffect(() => {
    let current = true;
    promise.then(
      (value) => {
        if (current) setSettled({ promise, value });
      },
      // A failed refresh keeps the last value; the page's own data shows the outage.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [promise]);

  if (!settled) return { value: use(promise), stale: false };
  return { value: settled.value, stale: settled.promise !== promise };
}
