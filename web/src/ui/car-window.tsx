import {
  memo,
  startTransition,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from "react";
import type { Car } from "../../../shared";

/** Past this many cars on a screen, only the cards near the screen are built; below it, all of them. */
export const WINDOW_FROM = 150;
/** Cards are built and dropped six at a time (ten cost a slow handheld a 58 ms frame); a block is shorter than the band kept, so one on screen is kept. */
const BLOCK = 6;
/** A card's height before any has been measured (a closed card on a 360 px handheld, with its gap). */
const CARD_GUESS_PX = 92;
/** No card is shorter (its 48 px buttons, padding, borders and gap), so the first guess never builds too few. */
const CARD_AT_LEAST_PX = 60;

/**
 * A list of car cards. A 2,000-car building on a slow handheld cannot build 2,000 cards without freezing for
 * seconds, nor scroll them without long frames; so past WINDOW_FROM each block of six cards is built only while
 * it is within a screen of the viewport, and stands in as an empty, hidden block of its last measured height
 * otherwise (the page scrolls the same distance either way). A block holding an open card is always built, so
 * what someone is typing there is never dropped. The search finds any car, built or not.
 * `carsAbove`: how many cars the lists above this one hold, for the first guess of what is on screen.
 */
export function CarWindow(props: {
  cars: Car[];
  windowed: boolean;
  keep: ReadonlySet<string>;
  carsAbove?: number;
  render(car: Car): ReactNode;
}) {
  if (!props.windowed) return <ul className="cars">{props.cars.map(props.render)}</ul>;
  return <WindowedCars {...props} />;
}

function WindowedCars({
  cars,
  keep,
  carsAbove = 0,
  render,
}: {
  cars: Car[];
  keep: ReadonlySet<string>;
  carsAbove?: number;
  render(car: Car): ReactNode;
}) {
  const blocks = useMemo(() => {
    const out: Car[][] = [];
    for (let i = 0; i < cars.length; i += BLOCK) out.push(cars.slice(i, i + BLOCK));
    return out;
  }, [cars]);
  const list = useRef<HTMLUListElement>(null);
  const starts = useRef<(HTMLLIElement | null)[]>([]);
  // Measured heights by the block's first car, kept across renders so a dropped block keeps its place.
  const heights = useRef(new Map<string, number>());
  // The first paint is built from a guess that needs no layout: every block that could reach the first screen
  // if each card above it were as short as a card can be; the look after it adds the band below. Measuring
  // first would lay the page out twice before anything is seen (about 100 ms of a slow handheld's first board).
  const [near, setNear] = useState<ReadonlySet<number>>(() => {
    const reach = window.innerHeight / CARD_AT_LEAST_PX;
    const guess = new Set<number>();
    for (let i = 0; carsAbove + i * BLOCK < reach && i < blocks.length; i++) guess.add(i);
    return guess;
  });
  const built = (i: number) => near.has(i) || blocks[i]!.some((c) => keep.has(c.id));

  // Only the built blocks are asked where they are: a stand-in is as tall as its style says, so the rest is
  // arithmetic. Asking each of a lane's blocks, in every lane, on every scrolled frame cost a slow handheld
  // more than the cards themselves (about 700 layout reads a frame at 2,000 cars).
  const measure = useCallback(() => {
    const ul = list.current;
    if (!ul) return;
    const band = window.innerHeight;
    const box = ul.getBoundingClientRect();
    const next = new Set<number>();
    let top = box.top;
    // A lane wholly outside the band builds nothing, and no block below the band is near: neither is walked (eight
    // lanes' blocks on every scrolled frame were most of a slow handheld's main thread between builds).
    const away = box.bottom <= -band || box.top >= 2 * band;
    for (let i = 0; i < blocks.length && !away && top < 2 * band; i++) {
      const start = starts.current[i];
      if (!start) continue;
      let bottom: number;
      if (start.dataset.built === "1") {
        top = start.getBoundingClientRect().top;
        bottom = starts.current[i + 1]?.getBoundingClientRect().top ?? box.bottom;
        heights.current.set(blocks[i]![0]!.id, bottom - top);
      } else bottom = top + parseFloat(start.style.height || "0");
      if (bottom > -band && top < 2 * band) next.add(i);
      top = bottom;
    }
    // A transition, so React builds the cards a fast fling brings near in slices between frames instead of in
    // one long frame.
    startTransition(() =>
      setNear((was) => (was.size === next.size && [...next].every((i) => was.has(i)) ? was : next)),
    );
  }, [blocks]);

  useEffect(() => {
    let frame = 0;
    const soon = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
    };
    // The first look is in the frame that paints the guess, where the page is laid out once anyway.
    soon();
    window.addEventListener("scroll", soon, { passive: true });
    window.addEventListener("resize", soon);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", soon);
      window.removeEventListener("resize", soon);
    };
  }, [measure]);

  const measured = [...heights.current.values()];
  const perCard = measured.length ? measured.reduce((a, h) => a + h, 0) / (measured.length * BLOCK) : CARD_GUESS_PX;
  return (
    <ul className="cars windowed" ref={list}>
      {blocks.map((block, i) => {
        const on = built(i);
        const height = on ? 0 : (heights.current.get(block[0]!.id) ?? perCard * block.length);
        return [
          <BlockStart key={`block-${block[0]!.id}`} index={i} built={on} height={height} starts={starts} />,
          ...(on ? block.map(render) : []),
        ];
      })}
    </ul>
  );
}

/**
 * Where a block starts, or the stand-in for a block not built. Memoized: a change to one car re-renders its lane,
 * and without this each of the lane's stand-ins was made again and its ref detached and attached again (about
 * 340 of them at 2,000 cars, a third of a change's cost on a slow handheld).
 */
const BlockStart = memo(function BlockStart(props: {
  index: number;
  built: boolean;
  height: number;
  starts: RefObject<(HTMLLIElement | null)[]>;
}) {
  const { index, starts } = props;
  return (
    <li
      className="block-start"
      aria-hidden="true"
      data-built={props.built ? "1" : "0"}
      style={{ height: props.height }}
      ref={(el) => {
        starts.current[index] = el;
      }}
    />
  );
});
