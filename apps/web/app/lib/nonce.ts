import { createContext, useContext } from "react";

/**
 * This response's Content-Security-Policy nonce (server.mjs makes one per request), for the inline
 * scripts Remix renders. Undefined in the browser, which hides nonces from the page once loaded.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
