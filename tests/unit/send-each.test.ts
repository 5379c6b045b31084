import { describe, expect, it } from "vitest";
import { OPEN, sendEach, type Outlet } from "../../party/room/socket";

/** A socket as the host lists it: it records frames, or refuses them as a socket whose peer has gone would. */
function outlet(readyState: number, refuses = false) {
  const got: string[] = [];
  const closed: number[] = [];
  const s: Outlet = {
    readyState,
    send: (frame) => {
      if (refuses) throw new Error("peer gone");
      got.push(frame);
    },
    close: (code) => void closed.push(code ?? 0),
  };
  return { s, got, closed };
}

describe("a diff to every socket, unread (sendEach)", () => {
  it("skips sockets that are not open, closes one that refuses the frame with 1011, and the rest still get it", () => {
    const first = outlet(OPEN);
    const closing = outlet(2);
    const refusing = outlet(OPEN, true);
    const last = outlet(OPEN);
    sendEach([first.s, closing.s, refusing.s, last.s], '{"type":"diff"}');
    expect(first.got).toEqual(['{"type":"diff"}']);
    expect(last.got).toEqual(['{"type":"diff"}']);
    expect(closing.got).toEqual([]);
    expect(closing.closed).toEqual([]);
    expect(refusing.closed).toEqual([1011]);
  });
});
