import { useLayoutEffect, useRef, useState } from "react";

/** An element's inner size, kept current as the screen changes: what the wall sizes its tiles and text to. */
export function useBox<T extends HTMLElement>(): {
  ref: React.RefObject<T | null>;
  box: { width: number; height: number } | null;
} {
  const ref = useRef<T>(null);
  const [box, setBox] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, box };
}
