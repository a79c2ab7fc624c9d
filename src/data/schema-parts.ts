/**
 * Building blocks for the JSON schemas. Dexie storage needs every indexed
 * field to be required, indexed strings to have maxLength and indexed
 * numbers to have minimum/maximum/multipleOf: these helpers make that the
 * default so a schema cannot forget it.
 */
export const str = (maxLength: number) => ({ type: 'string', maxLength }) as const;
export const enumOf = <T extends readonly string[]>(values: T) => ({ type: 'string', enum: values, maxLength: 32 }) as const;
export const epochMs = { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 } as const;
export const isoDate = { type: 'string', maxLength: 10 } as const;
export const int = { type: 'integer' } as const;
export const nonNegInt = { type: 'integer', minimum: 0 } as const;
export const bool = { type: 'boolean' } as const;
