/**
 * Zod in workflow code parses without compiling a parser per schema. The SDK evaluates the workflow modules anew for
 * every workflow, so every workflow has schemas of its own and parses each only a few times; zod's compiled fast path
 * (built with `new Function` on a schema's first parse) then costs more than it saves, about a millisecond of a
 * submission's workflow task, and memory for the compiled code of every cached workflow. The results are the same.
 * Imported first by index.ts, so it holds for every workflow and nowhere else (the API keeps its compiled parsers).
 */
import { z } from 'zod';

z.config({ jitless: true });
