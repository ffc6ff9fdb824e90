import { getMetadataStorage, useContainer } from 'class-validator';
import type { MetadataStorage } from 'class-validator/types/metadata/MetadataStorage';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];

const memoized = new WeakSet<MetadataStorage>();

/**
 * Makes class-validator's rule lookup a cache hit after the first validation of a class, and its constraint
 * instances a map lookup.
 *
 * For every object it validates (each nested object and each item of a validated array included), class-validator
 * resolves the class's rules by testing the class against every class that has rules (`instanceof`, to find
 * inherited ones): a cost proportional to all the DTO classes of the platform, paid per object. In the benchmark's
 * CPU profiles that lookup was the top JavaScript function of the gateway and of every consumer (4–7 % of each
 * service's CPU; upstream: typestack/class-validator#2686, open).
 *
 * Its result depends only on its arguments and on the rules registered, which are registered when classes are
 * defined; so it is kept per class and argument tuple, and everything kept is forgotten whenever a rule is
 * registered (a class defined later, a mapped type). The arrays are shared between calls; class-validator only
 * reads them.
 *
 * Each custom rule (`registerDecorator`, which our decimal, code-list and date rules use) is a constraint class whose
 * one instance class-validator's default container finds by a linear search of every instance it made, per
 * validated property; a container of our own keeps them in a map (class-validator's public `useContainer`).
 * Idempotent.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (memoized.has(storage)) return;
  memoized.add(storage);
  const instances = new Map<unknown, unknown>();
  useContainer({
    get<T>(someClass: (new () => T) | (() => void)): T {
      let instance = instances.get(someClass) as T | undefined;
      if (instance === undefined) {
        instance = new (someClass as new () => T)();
        instances.set(someClass, instance);
      }
      return instance;
    },
  });
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addValidationMetadata = storage.addValidationMetadata.bind(storage);
  let cache = new WeakMap<object, Map<string, ValidationMetadata[]>>();

  storage.addValidationMetadata = (metadata) => {
    cache = new WeakMap();
    addValidationMetadata(metadata);
  };
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    if (typeof targetConstructor !== 'function') {
      return lookup(targetConstructor, targetSchema, always, strictGroups, groups);
    }
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}\u0000${groups ? 'g' : ''}`;
    let byArgs = cache.get(targetConstructor);
    if (!byArgs) cache.set(targetConstructor, (byArgs = new Map()));
    let found = byArgs.get(key);
    if (!found)
      byArgs.set(key, (found = lookup(targetConstructor, targetSchema, always, strictGroups, groups)));
    return found;
  };
}
