// Form field names checked against a procedure's input type (types only: nothing reaches the
// browser bundle but an identity function). `const name = fieldName<RouterInputs["roster"]["setRole"]>;`
// then `<select name={name("role")}>`: renaming the field in the procedure's schema makes every
// form that still posts the old name fail to compile.

/** The keys of each member of a union (a discriminated union's variants have different fields). */
export type FieldOf<T> = T extends unknown ? keyof T & string : never;

export const fieldName = <T>(name: FieldOf<NonNullable<T>>): string => name;
