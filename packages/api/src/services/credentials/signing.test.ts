// The credential pipeline without a database: build (core), sign, verify with the libraries and
// independently with Node's crypto, tamper, bake, expand in safe mode, load documents offline.
import { createHash, createPublicKey, verify as cryptoVerify } from "node:crypto";
import { createList } from "@digitalbazaar/vc-bitstring-status-list";
import {
  buildDidDocument,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  didWebFromUrl,
  issuerProfileDocument,
  STATUS_LIST_LENGTH,
  verificationMethod,
} from "@missionboard/core";
import jsonld from "jsonld";
import { describe, expect, it } from "vitest";
import { createDocumentLoader, UnknownDocumentError } from "./document-loader";
import { bakePng, extractBakedCredential } from "./png";
import { type Ed25519KeyPair, keyPairFromSeed, signCredential, signCredentialJwt, verifyCredentialDocument } from "./signing";

// biome-ignore lint/suspicious/noExplicitAny: the tamper table edits arbitrary fields of a JSON document
type Json = any;

const APP = "https://badges.example.org";
const DID = didWebFromUrl(APP);
const NOW = new Date("2026-11-01T10:00:00Z");
const LIST_URL = `${APP}/credentials/status/1`;
const issuer = { did: DID, name: "AI Academy", url: APP, image: `${APP}/badge-image/issuer.png` };

const credentialInput = (overrides: Partial<Parameters<typeof buildOpenBadgeCredential>[0]> = {}) =>
  buildOpenBadgeCredential({
    id: `${APP}/credentials/0190f3f0-0000-7000-8000-000000000001`,
    issuer,
    achievement: {
      id: `${APP}/catalog?item=abc`,
      kind: "mini_badge",
      name: "Prompt Engineering – Mini-badge 2",
      description: "Writes prompts that work.",
      criteria: "Complete the three prompt missions.",
      image: `${APP}/badge-image/abc.png`,
      alignment: [
        { kind: "program", name: "AI Academy", url: `${APP}/catalog?item=p` },
        { kind: "skill", name: "Prompting", url: `${APP}/catalog?item=s` },
      ],
    },
    subjectId: "urn:uuid:6b0d5e8c-8d1c-4b63-9e0f-1b1f5a0e2a11",
    identityHash: `sha256$${"a".repeat(64)}`,
    identitySalt: "c2FsdA",
    awardedAt: new Date("2026-10-30T09:00:00.123Z"),
    validUntil: new Date("2027-10-30T09:00:00Z"),
    evidence: [{ missionName: "Mission 1: Zero-shot", completedAt: new Date("2026-10-29T12:00:00Z") }],
    status: { listUrl: LIST_URL, index: 7 },
    ...overrides,
  });

async function setup(revokedIndexes: number[] = []) {
  const keys: Ed25519KeyPair[] = [await keyPairFromSeed(new Uint8Array(32).fill(1), DID, 1)];
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const i of revokedIndexes) list.setStatus(i, true);
  const docs = new Map<string, object>();
  const loader = createDocumentLoader((url) => docs.get(url));
  const publish = async () => {
    docs.clear();
    const keyInfo = keys.map((k, i) => ({
      version: i + 1,
      publicKeyMultibase: k.publicKeyMultibase,
      retiredAt: i < keys.length - 1 ? NOW : null,
    }));
    docs.set(DID, buildDidDocument(DID, keyInfo));
    for (const k of keyInfo)
      docs.set(`${DID}#key-${k.version}`, { "@context": "https://w3id.org/security/multikey/v1", ...verificationMethod(DID, k) });
    const unsigned = buildStatusListCredential({ id: LIST_URL, issuer, encodedList: await list.encode(), validFrom: NOW });
    docs.set(LIST_URL, await signCredential(unsigned, keys.at(-1) as Ed25519KeyPair, loader, NOW));
  };
  await publish();
  return { keys, list, loader, docs, publish };
}

// --- an independent eddsa-rdfc-2022 check: RDFC-1.0 canonical N-Quads, SHA-256, Node's Ed25519.
const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function base58Decode(text: string): Buffer {
  let n = 0n;
  for (const ch of text) {
    const v = B58.indexOf(ch);
    if (v < 0) throw new Error("bad base58");
    n = n * 58n + BigInt(v);
  }
  const hex = n === 0n ? "" : n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, "0");
  const zeros = text.match(/^1*/)?.[0].length ?? 0;
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hex, "hex")]);
}

async function independentlyVerify(signed: Record<string, unknown>, publicKeyMultibase: string): Promise<boolean> {
  const { proof, ...document } = signed as { proof: Record<string, unknown> } & Record<string, unknown>;
  const { proofValue, ...proofConfig } = proof;
  const offline = createDocumentLoader();
  const canon = (doc: object) =>
    jsonld.canonize(doc, { algorithm: "RDFC-1.0", format: "application/n-quads", documentLoader: offline, safe: true });
  const sha = (text: string) => createHash("sha256").update(text, "utf8").digest();
  const hashData = Buffer.concat([sha(await canon({ ...proofConfig, "@context": document["@context"] })), sha(await canon(document))]);
  const rawKey = base58Decode(publicKeyMultibase.slice(1));
  expect([...rawKey.subarray(0, 2)]).toEqual([0xed, 0x01]); // multicodec ed25519-pub
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: rawKey.subarray(2).toString("base64url") }, format: "jwk" });
  expect(String(proofValue)[0]).toBe("z");
  return cryptoVerify(null, hashData, key, base58Decode(String(proofValue).slice(1)));
}

/** A tiny valid PNG (1×1, grey). */
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==", "base64");

describe("OpenBadgeCredential signing", () => {
  it("verifies with the library's verifier and with an independent Ed25519 check", async () => {
    const { keys, loader } = await setup();
    const signed = await signCredential(credentialInput(), keys[0] as Ed25519KeyPair, loader, NOW);
    expect(signed.proof).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofPurpose: "assertionMethod" });
    expect(await verifyCredentialDocument(signed, loader, NOW)).toEqual({ verified: true, revoked: false, problems: [] });
    expect(await independentlyVerify(signed, (keys[0] as Ed25519KeyPair).publicKeyMultibase)).toBe(true);
  });

  it.each([
    ["achievement name", (c: Json) => (c.credentialSubject.achievement.name = c.credentialSubject.achievement.name.replace("P", "Q"))],
    ["subject id", (c: Json) => (c.credentialSubject.id = c.credentialSubject.id.replace("6b0d", "6b0e"))],
    ["identity hash", (c: Json) => (c.credentialSubject.identifier[0].identityHash = `sha256$b${"a".repeat(63)}`)],
    ["validFrom", (c: Json) => (c.validFrom = c.validFrom.replace("09:00:00", "09:00:01"))],
    ["issuer name", (c: Json) => (c.issuer.name = "AI Acadenty")],
    ["evidence", (c: Json) => (c.evidence[0].name = "Mission 2: Zero-shot")],
    ["status index", (c: Json) => (c.credentialStatus.statusListIndex = "8")],
    ["proof value", (c: Json) => (c.proof.proofValue = c.proof.proofValue.slice(0, -2) + (c.proof.proofValue.endsWith("a") ? "bb" : "aa"))],
    ["proof created", (c: Json) => (c.proof.created = c.proof.created.replace("10:00:00", "10:00:01"))],
  ])("fails both checks after one change in %s", async (_field, change) => {
    const { keys, loader } = await setup();
    const signed = await signCredential(credentialInput(), keys[0] as Ed25519KeyPair, loader, NOW);
    const tampered = structuredClone(signed);
    change(tampered);
    expect(JSON.stringify(tampered)).not.toBe(JSON.stringify(signed));
    expect((await verifyCredentialDocument(tampered, loader, NOW)).verified).toBe(false);
    expect(await independentlyVerify(tampered, (keys[0] as Ed25519KeyPair).publicKeyMultibase).catch(() => false)).toBe(false);
  });

  it("fails after flipping any single byte of the serialised credential", async () => {
    const { keys, loader } = await setup();
    const signed = await signCredential(credentialInput(), keys[0] as Ed25519KeyPair, loader, NOW);
    const text = JSON.stringify(signed);
    // every 97th byte position, flipped to another printable char: a parse failure also counts as "does not verify"
    for (let i = 0; i < text.length; i += 97) {
      const ch = text[i] as string;
      const flipped = text.slice(0, i) + (ch === "x" ? "y" : "x") + text.slice(i + 1);
      let ok = false;
      try {
        ok = (await verifyCredentialDocument(JSON.parse(flipped), loader, NOW)).verified;
      } catch {
        ok = false;
      }
      expect(ok, `byte ${i} (${JSON.stringify(text.slice(Math.max(0, i - 10), i + 10))})`).toBe(false);
    }
  }, 120_000);

  it("reports a revoked credential whose bit is set in the signed list", async () => {
    const { keys, loader } = await setup([7]);
    const signed = await signCredential(credentialInput(), keys[0] as Ed25519KeyPair, loader, NOW);
    const outcome = await verifyCredentialDocument(signed, loader, NOW);
    expect(outcome.revoked).toBe(true);
  });

  it("keeps old credentials verifiable after a rotation (retired key still in the DID document)", async () => {
    const { keys, loader, publish, docs } = await setup();
    const old = await signCredential(credentialInput(), keys[0] as Ed25519KeyPair, loader, NOW);
    keys.push(await keyPairFromSeed(new Uint8Array(32).fill(2), DID, 2));
    await publish();
    const didDoc = docs.get(DID) as { verificationMethod: { id: string; retired?: string }[] };
    expect(didDoc.verificationMethod.map((vm) => [vm.id.split("#")[1], Boolean(vm.retired)])).toEqual([
      ["key-1", true],
      ["key-2", false],
    ]);
    const fresh = await signCredential(credentialInput(), keys[1] as Ed25519KeyPair, loader, NOW);
    expect((await verifyCredentialDocument(old, loader, NOW)).verified).toBe(true);
    expect((await verifyCredentialDocument(fresh, loader, NOW)).verified).toBe(true);
  });

  it("defines every term: JSON-LD expansion in safe mode succeeds for credential, issuer profile, status list and DID document", async () => {
    const { keys, loader, docs } = await setup();
    const signed = await signCredential(credentialInput(), keys[0] as Ed25519KeyPair, loader, NOW);
    for (const doc of [signed, issuerProfileDocument(issuer), docs.get(LIST_URL) as object, docs.get(DID) as object]) {
      await expect(jsonld.expand(doc, { documentLoader: loader, safe: true })).resolves.toBeTruthy();
    }
    // and safe mode does catch an undefined term
    await expect(jsonld.expand({ ...signed, notAnObTerm: 1 }, { documentLoader: loader, safe: true })).rejects.toThrow();
  });

  it("never fetches: the document loader throws on an unknown URL", async () => {
    const loader = createDocumentLoader();
    await expect(loader("https://example.com/context.json")).rejects.toBeInstanceOf(UnknownDocumentError);
    await expect(loader("https://www.w3.org/ns/credentials/v2")).resolves.toMatchObject({
      documentUrl: "https://www.w3.org/ns/credentials/v2",
    });
    await expect(loader("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")).resolves.toBeTruthy();
  });

  it("bakes the credential into a PNG iTXt chunk that round-trips byte for byte", async () => {
    const { keys, loader } = await setup();
    const json = JSON.stringify(await signCredential(credentialInput(), keys[0] as Ed25519KeyPair, loader, NOW));
    const baked = bakePng(PNG_1X1, json);
    expect(extractBakedCredential(baked)).toBe(json);
    expect(extractBakedCredential(PNG_1X1)).toBeNull();
    // baking again replaces, never duplicates
    const again = bakePng(baked, json);
    expect(again.equals(baked)).toBe(true);
    expect(baked.includes(Buffer.from("openbadgecredential\0\0\0\0\0"))).toBe(true);
  });

  it("signs the VC-JWT form with EdDSA", async () => {
    const { keys } = await setup();
    const { importJWK, jwtVerify } = await import("jose");
    const { toJwk } = await import("@digitalbazaar/ed25519-multikey");
    const jwt = await signCredentialJwt(credentialInput(), keys[0] as Ed25519KeyPair);
    const pub = await importJWK({ ...(await toJwk({ keyPair: keys[0] as Ed25519KeyPair })), alg: "EdDSA" }, "EdDSA");
    const { payload, protectedHeader } = await jwtVerify(jwt, pub, { currentDate: NOW });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", kid: `${DID}#key-1` });
    expect(payload).toMatchObject({ iss: DID, sub: "urn:uuid:6b0d5e8c-8d1c-4b63-9e0f-1b1f5a0e2a11" });
    expect((payload.vc as { type: string[] }).type).toContain("OpenBadgeCredential");
  });
});
