import { useCallback, useEffect, useState } from "react";

/** One console section's data: fetched when `key` changes and on `reload`, with the hub's words when it fails. */
export function useLoaded<T>(load: () => Promise<T>, key: unknown = null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // `load` is a new closure each render; `key` says when what it fetches changed.
  const reload = useCallback(() => {
    load()
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [key]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
