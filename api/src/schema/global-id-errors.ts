// Pothos relay decodes `t.arg.globalID({ for })` arguments before a resolver runs. A malformed id,
// or an id of another type, then throws a PothosValidationError, which is not one of a mutation's
// typed errors. This plugin turns it into an InputError on that argument, for fields that declare
// typed errors, so `voidDropOff(id: "xyz")` answers `InputError { field: "id" }` like any other bad
// input (the errors plugin's `unsafelyHandleInputErrors` then puts it in the result union).
// Ids of the right type whose key does not parse fail in the node ref's `parse` with an InputError
// already (see ids.ts).
import SchemaBuilder, { BasePlugin, PothosValidationError, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { InputError } from '../domain/errors.ts';

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], object>;

interface GlobalIdExtensions {
  isRelayGlobalID?: boolean;
  relayGlobalIDFor?: { typename: string }[] | null;
}

class GlobalIdErrorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(resolver: Resolver<Types> | undefined, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> | undefined {
    const idArgs = Object.entries(fieldConfig.args).filter(([, a]) => (a.extensions as GlobalIdExtensions | undefined)?.isRelayGlobalID);
    if (!resolver || idArgs.length !== 1 || !fieldConfig.extensions?.pothosErrors) return resolver;
    const [name, arg] = idArgs[0]!;
    const types = (arg.extensions as GlobalIdExtensions).relayGlobalIDFor?.map((t) => t.typename) ?? [];
    const message = types.length ? `is not a ${types.join(' or ')} id` : 'is not a valid id';
    return async (parent, args, ctx, info) => {
      try {
        return await resolver(parent, args, ctx, info);
      } catch (err) {
        throw err instanceof PothosValidationError ? InputError.of(name, message) : err;
      }
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
