import { openConfiguredStore, type Store } from "@missionboard/db";

let store: Store | undefined;
let ready: Promise<Store> | undefined;

/** The process's one store. Migrations are applied before it is handed out. */
export function getStore(): Promise<Store> {
  ready ??= (async () => {
    store = openConfiguredStore();
    await store.migrate();
    return store;
  })();
  return ready;
}

export async function closeStore(): Promise<void> {
  await store?.close();
}
