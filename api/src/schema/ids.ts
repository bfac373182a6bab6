// Node ids are Relay global ids, base64("Type:key"), encoded and decoded by Pothos relay. The key
// of a row with a serial primary key must parse as a positive integer: `parse` of its node ref.
import { InputError } from '../domain/errors.ts';
import { msg } from '../domain/messages.ts';

/** Example: loadableNodeRef('Station', { id: { resolve: (s) => s.id, parse: serialId('station') }, ... }) */
export function serialId(kind: string): (key: string) => number {
  return (key) => {
    const n = Number(key);
    if (!Number.isSafeInteger(n) || n <= 0) throw InputError.of('id', msg('input.notIdOf', { kind }));
    return n;
  };
}
