import { useEffect } from "react";

// The page's one AudioContext. A browser lets a page make sound only from a person's tap, so the context is made on
// one: the tap that turns sound on, or, with sound remembered from before a reload, the first tap anywhere. Only
// this is in the first load; the tones and the switch come with the alert bar's chunk.
const KEY = "ct.alertSound";
let audio: AudioContext | null = null;

/** Whether this device beeps at a new alert (off by default, remembered on this device). */
export const soundRemembered = (): boolean => localStorage.getItem(KEY) === "1";

export function rememberSound(on: boolean): void {
  localStorage.setItem(KEY, on ? "1" : "0");
}

/** Makes (once) and resumes the context: call it from a tap. */
export function wakeAudio(): void {
  audio ??= new AudioContext();
  void audio.resume();
}

/** The context, if a tap has made it. */
export const awakeAudio = (): AudioContext | null => audio;

/**
 * Sound remembered from before a reload: crew touch the board all night, so their first tap anywhere wakes it.
 * Listening from the board's first render, not from when the alert bar's chunk arrives: that first tap may come first.
 */
export function useWakeOnFirstTap(): void {
  useEffect(() => {
    if (audio || !soundRemembered()) return;
    const done = new AbortController();
    const wake = () => (wakeAudio(), done.abort());
    for (const kind of ["pointerdown", "keydown"])
      document.addEventListener(kind, wake, { capture: true, signal: done.signal });
    return () => done.abort();
  }, []);
}
