// Test-only catalog builder: readable trees for the table-driven rule tests.
import { Catalog, type CatalogNode } from "./catalog";
import type { ItemKind } from "./kinds";

type Spec = { id: string; kind: ItemKind; parent?: string; active?: boolean; required?: boolean };

export function catalogOf(specs: Spec[]): Catalog {
  return new Catalog(
    specs.map(
      (s, i): CatalogNode => ({
        id: s.id,
        kind: s.kind,
        parentId: s.parent ?? null,
        title: s.id.toUpperCase(),
        isActive: s.active ?? true,
        isRequired: s.required ?? false,
        position: i,
      }),
    ),
  );
}

/**
 * Program P: skill S1 (m1, m2), skill S2 (m3), empty skill S3, required capstone C, optional capstone O.
 * Program Q: skill T (n1).
 */
export const standard = (overrides: Partial<Record<string, Partial<Spec>>> = {}) =>
  catalogOf(
    [
      { id: "P", kind: "program" },
      { id: "S1", kind: "skill", parent: "P" },
      { id: "m1", kind: "mini_badge", parent: "S1" },
      { id: "m2", kind: "mini_badge", parent: "S1" },
      { id: "S2", kind: "skill", parent: "P" },
      { id: "m3", kind: "mini_badge", parent: "S2" },
      { id: "S3", kind: "skill", parent: "P" },
      { id: "C", kind: "capstone", parent: "P", required: true },
      { id: "O", kind: "capstone", parent: "P" },
      { id: "G", kind: "progress_badge", parent: "P" },
      { id: "Q", kind: "program" },
      { id: "T", kind: "skill", parent: "Q" },
      { id: "n1", kind: "mini_badge", parent: "T" },
    ].map((s) => ({ ...s, ...overrides[s.id] }) as Spec),
  );
