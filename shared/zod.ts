// The wire's schemas are built with zod/mini. A handheld builds hundreds of them as it starts; classic zod's
// chainable methods made that about 130 ms of a slow handheld's first board, and a fifth of its JavaScript.
// Mini brings no words of its own: these are the English ones classic zod gave every refusal.
import { en } from "zod/locales";
import { z } from "zod/mini";

z.config(en());

export { z };
