import { describe, expect, it } from "vitest";
import {
  ACHIEVEMENT_TYPES,
  buildDidDocument,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  dateTimeZ,
  didDocumentPath,
  didWebFromUrl,
  issuerProfileDocument,
} from "./open-badge";

describe("did:web of the app URL", () => {
  it.each([
    ["https://badges.example.org", "did:web:badges.example.org", "/.well-known/did.json"],
    ["https://badges.example.org/", "did:web:badges.example.org", "/.well-known/did.json"],
    ["http://localhost:3000", "did:web:localhost%3A3000", "/.well-known/did.json"],
    ["https://example.org/academy/badges", "did:web:example.org:academy:badges", "/academy/badges/did.json"],
    ["https://example.org/academy/", "did:web:example.org:academy", "/academy/did.json"],
  ])("%s → %s at %s", (url, did, path) => {
    expect(didWebFromUrl(url)).toBe(did);
    expect(didDocumentPath(url)).toBe(path);
  });
});

const issuer = { did: "did:web:x.test", name: "X", url: "https://x.test", image: null };
const base = {
  id: "https://x.test/credentials/1",
  issuer,
  achievement: {
    id: "https://x.test/catalog?item=a",
    kind: "mini_badge" as const,
    name: "A",
    description: null,
    criteria: null,
    image: null,
    alignment: [],
  },
  subjectId: "urn:uuid:00000000-0000-4000-8000-000000000000",
  identityHash: "sha256$00",
  identitySalt: "s",
  awardedAt: new Date("2026-10-01T12:00:00.999Z"),
  validUntil: null,
  evidence: [],
  status: { listUrl: "https://x.test/credentials/status/1", index: 3 },
};

describe("OpenBadgeCredential", () => {
  it.each([
    ["no expiry, no evidence, no image: those keys are absent", {}, { absent: ["validUntil", "evidence"] }],
    ["an expiry", { validUntil: new Date("2027-01-01T00:00:00Z") }, { validUntil: "2027-01-01T00:00:00Z" }],
    [
      "mission evidence (names and dates only)",
      { evidence: [{ missionName: "M1", completedAt: new Date("2026-09-30T08:00:00Z") }] },
      { evidenceNames: ["M1"] },
    ],
  ])("%s", (_name, overrides, expected) => {
    const vc = buildOpenBadgeCredential({ ...base, ...overrides }) as Record<string, unknown>;
    expect(vc.validFrom).toBe("2026-10-01T12:00:00Z");
    if ("absent" in expected) for (const key of expected.absent) expect(vc).not.toHaveProperty(key);
    if ("validUntil" in expected) expect(vc.validUntil).toBe(expected.validUntil);
    if ("evidenceNames" in expected) expect((vc.evidence as { name: string }[]).map((e) => e.name)).toEqual(expected.evidenceNames);
  });

  it("fills OB 3.0's required description and criteria from the title when the catalog has none", () => {
    const vc = buildOpenBadgeCredential(base) as { credentialSubject: { achievement: Record<string, unknown> } };
    expect(vc.credentialSubject.achievement).toMatchObject({
      description: "The A badge.",
      criteria: { narrative: "The A badge." },
      achievementType: "Badge",
    });
    expect(vc).toMatchObject({ credentialStatus: { statusListIndex: "3", id: "https://x.test/credentials/status/1#3" } });
  });

  it.each([
    ["program", "Certificate"],
    ["skill", "Competency"],
    ["mini_badge", "Badge"],
    ["capstone", "Achievement"],
    ["progress_badge", "Badge"],
  ] as const)("calls a %s an OB %s", (kind, type) => {
    expect(ACHIEVEMENT_TYPES[kind]).toBe(type);
    const vc = buildOpenBadgeCredential({ ...base, achievement: { ...base.achievement, kind } }) as {
      credentialSubject: { achievement: { achievementType: string } };
    };
    expect(vc.credentialSubject.achievement.achievementType).toBe(type);
  });
});

describe("issuer documents", () => {
  it("lists every key in the DID document, the retired ones marked with their retirement time", () => {
    const doc = buildDidDocument("did:web:x.test", [
      { version: 2, publicKeyMultibase: "z2", retiredAt: null },
      { version: 1, publicKeyMultibase: "z1", retiredAt: new Date("2026-01-01T00:00:00Z") },
    ]) as { verificationMethod: Record<string, unknown>[]; assertionMethod: string[] };
    expect(doc.verificationMethod).toEqual([
      {
        id: "did:web:x.test#key-1",
        type: "Multikey",
        controller: "did:web:x.test",
        publicKeyMultibase: "z1",
        retired: "2026-01-01T00:00:00Z",
      },
      { id: "did:web:x.test#key-2", type: "Multikey", controller: "did:web:x.test", publicKeyMultibase: "z2" },
    ]);
    expect(doc.assertionMethod).toEqual(["did:web:x.test#key-1", "did:web:x.test#key-2"]);
  });

  it("serves the profile with both contexts, the image only when set", () => {
    expect(issuerProfileDocument(issuer)).not.toHaveProperty("image");
    expect(issuerProfileDocument({ ...issuer, image: "https://x.test/logo.png" })).toMatchObject({
      image: { id: "https://x.test/logo.png", type: "Image" },
    });
  });

  it("builds the status list credential with the issuer's DID", () => {
    const list = buildStatusListCredential({ id: "https://x.test/s/1", issuer, encodedList: "uH4sI", validFrom: new Date(0) });
    expect(list).toMatchObject({
      issuer: "did:web:x.test",
      credentialSubject: { id: "https://x.test/s/1#list", statusPurpose: "revocation" },
    });
    expect(dateTimeZ(new Date(0))).toBe("1970-01-01T00:00:00Z");
  });
});
