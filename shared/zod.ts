// The wire's schemas are built with zod/mini. A handheld builds hundreds of them as it starts; classic zod's
// chainable methods made that about 130 ms of a slow handheld's first board, and a fifth of its JavaScript.
// Mini brings no words of its own: the hub gives it classic zod's English (party/zod-english.ts). The screens
// do without (1.1 KiB of the handheld's first JavaScript): every check a person can fail on a screen has its
// own words, and what a screen shows of a refusal comes from the hub.
import { z } from "zod/mini";

export { z };
