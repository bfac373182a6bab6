// Pothos relay decodes `t.arg.globalID({ for })` arguments before a resolver runs. A malformed id,
// or an id of another type, then throws a PothosValidationError outside the resolver, where the
// errors plugin cannot turn it into the field's typed InputError. For fields that declare typed
// errors and take one global id, this plugin marks such an id as invalid instead of throwing, and
// throws `InputError { field: <argument> }` from inside the resolver chain: after the role check
// (scope-auth wraps outside it) and where the errors plugin puts it in the result union. So
// `voidDropOff(id: "xyz")` answers InputError on "id" like any other bad input. (Ids of the right
// type whose key does not parse already fail in the node ref's `parse`: see ids.ts.)
// Order in the builder's plugin list: after the errors plugin, before the relay plugin.
import SchemaBuilder, {
  BasePlugin,
  PothosValidationError,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { InputError } from '../domain/errors.ts';
import { msg } from '../domain/messages.ts';

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], object>;
type Args = Record<string, unknown>;

interface GlobalIdExtensions {
  isRelayGlobalID?: boolean;
  relayGlobalIDFor?: { typename: string }[] | null;
}

/** Stands in for a global id argument that did not decode, with the error to answer. */
class InvalidGlobalId {
  constructor(readonly error: InputError) {}
}

/** The one global id argument of a field with typed errors, and the message for a bad one. */
function globalIdArg<Types extends SchemaTypes>(fieldConfig: PothosOutputFieldConfig<Types>) {
  const ids = Object.entries(fieldConfig.args).filter(
    ([, a]) => (a.extensions as GlobalIdExtensions | undefined)?.isRelayGlobalID,
  );
  if (ids.length !== 1 || !fieldConfig.pothosOptions.errors) return null;
  const [name, arg] = ids[0]!;
  const types = (arg.extensions as GlobalIdExtensions).relayGlobalIDFor?.map((t) => t.typename) ?? [];
  return { name, message: types.length ? msg('input.notIdOf', { kind: types.join(' or ') }) : msg('input.badId') };
}

class GlobalIdErrorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const id = globalIdArg(fieldConfig);
    if (!id || fieldConfig.argMappers.length === 0) return fieldConfig;
    // Malformed or of another type (PothosValidationError), or a key the ref's parse refuses (InputError).
    const invalid = (args: Args, err: unknown) => {
      if (err instanceof InputError) return { ...args, [id.name]: new InvalidGlobalId(err) };
      if (err instanceof PothosValidationError)
        return { ...args, [id.name]: new InvalidGlobalId(InputError.of(id.name, id.message)) };
      throw err;
    };
    return {
      ...fieldConfig,
      argMappers: fieldConfig.argMappers.map((mapper) => (args: Args, ctx: object, info) => {
        try {
          const mapped = mapper(args, ctx, info) as Args | Promise<Args>;
          return mapped instanceof Promise ? mapped.catch((err: unknown) => invalid(args, err)) : mapped;
        } catch (err) {
          return invalid(args, err);
        }
      }),
    };
  }

  override wrapResolve(resolver: Resolver<Types>, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> {
    const id = globalIdArg(fieldConfig);
    if (!id) return resolver;
    return (parent, args, ctx, info) => {
      const value = (args as Args)[id.name];
      if (value instanceof InvalidGlobalId) throw value.error;
      return resolver(parent, args, ctx, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      globalIdErrors: GlobalIdErrorsPlugin<Types>;
    }
  }
}

const pluginName = 'globalIdErrors';
SchemaBuilder.registerPlugin(pluginName, GlobalIdErrorsPlugin);
export default pluginName;
