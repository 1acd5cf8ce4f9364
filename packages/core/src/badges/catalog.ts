import type { ItemKind } from "./kinds";

/** The part of a catalog item the rules need. */
export interface CatalogNode {
  id: string;
  kind: ItemKind;
  parentId: string | null;
  title: string;
  isActive: boolean;
  isRequired: boolean;
  position: number;
}

/**
 * A read-only view of the catalog tree with the questions the rules ask of it. "Effectively
 * active" means the item and every ancestor are active (deactivation does not cascade in the
 * data, but a hidden program hides everything under it).
 */
export class Catalog {
  readonly #byId = new Map<string, CatalogNode>();
  readonly #children = new Map<string, CatalogNode[]>();

  constructor(nodes: Iterable<CatalogNode>) {
    for (const node of nodes) this.#byId.set(node.id, node);
    for (const node of this.#byId.values()) {
      const key = node.parentId ?? "";
      const siblings = this.#children.get(key) ?? [];
      siblings.push(node);
      this.#children.set(key, siblings);
    }
    for (const siblings of this.#children.values()) siblings.sort((a, b) => a.position - b.position || a.title.localeCompare(b.title));
  }

  get(id: string): CatalogNode | undefined {
    return this.#byId.get(id);
  }

  /** Children in display order, optionally of one kind; `null` lists the programs. */
  children(parentId: string | null, kind?: ItemKind): CatalogNode[] {
    const all = this.#children.get(parentId ?? "") ?? [];
    return kind ? all.filter((n) => n.kind === kind) : all;
  }

  programs(): CatalogNode[] {
    return this.children(null, "program");
  }

  parentOf(id: string): CatalogNode | undefined {
    const parentId = this.#byId.get(id)?.parentId;
    return parentId ? this.#byId.get(parentId) : undefined;
  }

  isEffectivelyActive(id: string): boolean {
    for (let node = this.#byId.get(id); node; node = node.parentId ? this.#byId.get(node.parentId) : undefined) {
      if (!node.isActive) return false;
    }
    return this.#byId.has(id);
  }

  activeChildren(parentId: string, kind: ItemKind): CatalogNode[] {
    return this.children(parentId, kind).filter((n) => n.isActive && this.isEffectivelyActive(n.id));
  }
}
