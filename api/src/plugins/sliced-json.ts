// A long GraphQL answer (a 46,000-row station x day report is 5 MB of JSON) is written in pieces,
// with a turn of the event loop between slices (slices.ts jsonInSlices), instead of yoga's one
// JSON.stringify: that single call, and the one 5 MB buffer after it, held the loop for the whole
// process (/healthz, every counter's tap) while it ran (`pnpm bench:loop`).
// How: yoga serialises a result with its `stringify` when it has one (the hook graphql-jit uses) and
// hands what it returns to `new Response(...)`, which also takes a stream. Status and headers stay
// yoga's. Only answers without errors or extensions are taken over (yoga rewrites those while it
// serialises); short answers are left alone (one call is cheaper).
import type { Plugin } from 'graphql-yoga';
import { holdsLongList, jsonInSlices } from '../slices.ts';

/** Pieces are gathered into chunks of about this many characters before they are sent. */
const CHUNK_CHARS = 64 * 1024;

interface PlainResult {
  data?: unknown;
  errors?: readonly unknown[];
  extensions?: Record<string, unknown>;
}

function isLongPlainAnswer(result: unknown): result is PlainResult {
  if (typeof result !== 'object' || result === null || Array.isArray(result) || Symbol.asyncIterator in result)
    return false;
  const r = result as PlainResult;
  return !r.errors?.length && !r.extensions && holdsLongList(r.data);
}

/** The answer's JSON as a byte stream, one chunk of ~64K characters per pull. */
function jsonStream(value: unknown): ReadableStream<Uint8Array> {
  const pieces = jsonInSlices(value);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = '';
      for (;;) {
        const next = await pieces.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
        if (chunk.length >= CHUNK_CHARS) {
          controller.enqueue(encoder.encode(chunk));
          return;
        }
      }
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}

export function useSlicedJson(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (!isLongPlainAnswer(result)) return;
      // yoga passes stringify's return value to `new Response(body)`; its type says string.
      const stringify = (r: PlainResult) => jsonStream({ data: r.data }) as unknown as string;
      setResult({ ...result, stringify } as typeof result);
    },
  };
}
