import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { findJobRun } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import jsonld from "jsonld";
import { expect, it } from "vitest";
import type { SessionUser } from "../context";
import { createDocumentLoader } from "../services/credentials/document-loader";
import { CREDENTIAL_KEY_MESSAGES } from "../services/credentials/keys";
import { DEV_CREDENTIAL_KEY_SECRET, verifyAgainstIssuer } from "../services/credentials/service";
import { createJobRunner } from "../services/jobs";
import { auditActions, type BadgeCatalog, failure, seedBadgeCatalog } from "../test-badges";
import { callerAs, makeSessionUser, TEST_NOW, TEST_SETTINGS } from "../test-helpers";

const SETTINGS = TEST_SETTINGS;

describeEachEngine("credential router (Open Badges 3.0)", (store) => {
  let cat: BadgeCatalog;
  let ada: SessionUser;
  let bob: SessionUser;
  let admin: SessionUser;
  let assistant: SessionUser;

  async function setup() {
    cat = await seedBadgeCatalog(store());
    ada = await makeSessionUser(store(), "student", { name: "Ada Lovelace", email: "ada@example.org" });
    bob = await makeSessionUser(store(), "student", { name: "Bob Babbage" });
    admin = await makeSessionUser(store(), "admin");
    assistant = await makeSessionUser(store(), "assistant");
  }
  async function earn(user: SessionUser, ...itemIds: string[]) {
    for (const itemId of itemIds) {
      const { id } = await callerAs(store(), user).request.submit({ itemId });
      await callerAs(store(), assistant).request.approve({ ids: [id] });
    }
  }
  const verify = (json: string, now = TEST_NOW) => store().read((c) => verifyAgainstIssuer(c, SETTINGS, JSON.parse(json), now));

  it("issues a learner's credential once per award and key, signed and verifiable, with the OB 3.0 fields", async () => {
    await setup();
    await earn(ada, cat.m1.id);
    const first = await callerAs(store(), ada).credential.download({ itemId: cat.m1.id });
    const again = await callerAs(store(), ada).credential.download({ itemId: cat.m1.id });
    expect(again.id).toBe(first.id);
    expect(again.json).toBe(first.json);
    const vc = JSON.parse(first.json);
    expect(vc).toMatchObject({
      id: `http://missionboard.test/credentials/${first.id}`,
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer: { id: "did:web:missionboard.test", type: ["Profile"], name: "Missionboard", url: "http://missionboard.test" },
      validFrom: "2026-10-01T12:00:00Z",
      credentialSubject: {
        type: ["AchievementSubject"],
        identifier: [{ type: "IdentityObject", identityType: "emailAddress", hashed: true }],
        achievement: {
          name: "First prompt",
          achievementType: "Badge",
          criteria: { narrative: expect.any(String) },
          image: { id: `http://missionboard.test/badge-image/${cat.m1.id}.png`, type: "Image" },
          alignment: [{ targetName: "Prompting" }, { targetName: "Basics" }],
        },
      },
      credentialStatus: {
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListCredential: "http://missionboard.test/credentials/status/1",
      },
      proof: { type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", verificationMethod: "did:web:missionboard.test#key-1" },
    });
    expect(vc.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(first.json).not.toContain("ada@example.org");
    expect(first.json).not.toContain("Ada");
    expect(first.jwt.split(".")).toHaveLength(3);
    expect(await verify(first.json)).toEqual({ verified: true, revoked: false, problems: [] });
    // Every term of what was issued and published is defined by its contexts (safe mode throws otherwise).
    const offline = createDocumentLoader();
    const anon = callerAs(store(), null).credential;
    for (const doc of [vc, JSON.parse((await anon.statusList()).json), await anon.issuerProfile(), await anon.didDocument()])
      await expect(jsonld.expand(doc as object, { documentLoader: offline, safe: true })).resolves.toBeTruthy();

    // someone else's award, or an unknown one: the same NotFound
    expect((await failure(callerAs(store(), bob).credential.download({ itemId: cat.m1.id }))).code).toBe("NOT_FOUND");
    // staff have no learner downloads
    expect((await failure(callerAs(store(), admin).credential.download({ itemId: cat.m1.id }))).code).toBe("FORBIDDEN");
  });

  it("stores the key encrypted, and refuses to issue without a secret or with the wrong one", async () => {
    await setup();
    await earn(ada, cat.m1.id);
    const noSecret = { credentials: { keySecret: null, issuerName: "X", issuerImageUrl: null } };
    const refused = await failure(callerAs(store(), ada, { settings: noSecret }).credential.download({ itemId: cat.m1.id }));
    expect(refused.message).toBe(CREDENTIAL_KEY_MESSAGES.noSecret);
    expect(await store().read(({ db, t }) => db.$count(t.credentials))).toBe(0);

    await callerAs(store(), ada).credential.download({ itemId: cat.m1.id });
    const [key] = await store().read(({ db, t }) => db.select().from(t.credentialKeys));
    expect(key?.encryptedSeed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    await earn(ada, cat.m2.id);
    const wrong = { credentials: { keySecret: `${DEV_CREDENTIAL_KEY_SECRET}-other`, issuerName: "X", issuerImageUrl: null } };
    expect((await failure(callerAs(store(), ada, { settings: wrong }).credential.download({ itemId: cat.m2.id }))).message).toBe(
      CREDENTIAL_KEY_MESSAGES.wrongSecret,
    );
  });

  it("shows a public page only when the learner turns it on, without their name unless chosen; revocation sets the bit", async () => {
    await setup();
    await earn(ada, cat.m1.id, cat.m2.id); // skill Basics follows automatically
    const c1 = await callerAs(store(), ada).credential.download({ itemId: cat.m1.id });
    const c2 = await callerAs(store(), ada).credential.download({ itemId: cat.S1.id });
    const anon = callerAs(store(), null).credential;
    expect((await failure(anon.publicView({ id: c1.id }))).code).toBe("NOT_FOUND");
    expect((await failure(anon.publicView({ id: "0190d7b0-0000-7000-8000-000000000000" }))).code).toBe("NOT_FOUND");
    expect((await failure(callerAs(store(), bob).credential.setVisibility({ id: c1.id, isPublic: true, showName: true }))).code).toBe(
      "NOT_FOUND",
    );

    await callerAs(store(), ada).credential.setVisibility({ id: c1.id, isPublic: true });
    const page = await anon.publicView({ id: c1.id });
    expect(page).toMatchObject({ badge: "First prompt", issuerName: "Missionboard", verified: true, revoked: false, learnerName: null });
    await callerAs(store(), ada).credential.setVisibility({ id: c1.id, isPublic: true, showName: true });
    expect((await anon.publicView({ id: c1.id })).learnerName).toBe("Ada Lovelace");
    expect(await callerAs(store(), ada).credential.mine()).toHaveLength(2);

    const later = new Date(TEST_NOW.getTime() + 3_600_000);
    await callerAs(store(), admin, { now: later }).award.revoke({ userId: ada.id, itemId: cat.m1.id, reason: "Plagiarised" });
    const revoked = await callerAs(store(), null, { now: later }).credential.publicView({ id: c1.id });
    expect(revoked).toMatchObject({ revoked: true, revokedAt: later });
    // the published list is signed and has both bits (the cascaded skill too)
    const { json } = await anon.statusList();
    const list = JSON.parse(json);
    expect(list.proof).toMatchObject({ cryptosuite: "eddsa-rdfc-2022" });
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    for (const c of [c1, c2]) expect(bits.getStatus(Number(JSON.parse(c.json).credentialStatus.statusListIndex))).toBe(true);
    expect((await verify(c2.json, later)).revoked).toBe(true);
    expect((await failure(callerAs(store(), ada).credential.download({ itemId: cat.m1.id }))).code).toBe("NOT_FOUND");
    expect(await callerAs(store(), ada).credential.mine()).toHaveLength(0);
  });

  it("rotates the key: old credentials still verify, new ones use the new key, the DID document lists both", async () => {
    await setup();
    await earn(ada, cat.m1.id);
    const old = await callerAs(store(), ada).credential.download({ itemId: cat.m1.id });
    expect((await failure(callerAs(store(), assistant).credential.rotateKey())).code).toBe("FORBIDDEN");
    expect(await callerAs(store(), admin).credential.rotateKey()).toEqual({ version: 2 });
    expect(await auditActions(store())).toContain("credential.key_rotated");
    const fresh = await callerAs(store(), ada).credential.download({ itemId: cat.m1.id });
    expect(fresh.id).not.toBe(old.id);
    expect(JSON.parse(fresh.json).proof.verificationMethod).toBe("did:web:missionboard.test#key-2");
    expect(await verify(old.json)).toMatchObject({ verified: true, revoked: false });
    expect(await verify(fresh.json)).toMatchObject({ verified: true, revoked: false });
    const did = (await callerAs(store(), null).credential.didDocument()) as { verificationMethod: { id: string; retired?: string }[] };
    expect(did.verificationMethod.map((vm) => [vm.id, vm.retired ?? null])).toEqual([
      ["did:web:missionboard.test#key-1", "2026-10-01T12:00:00Z"],
      ["did:web:missionboard.test#key-2", null],
    ]);
  });

  it("bulk-issues credentials for past awards as a job with progress, idempotently", async () => {
    await setup();
    await earn(ada, cat.m1.id, cat.m2.id);
    await earn(bob, cat.m3.id); // skill Tools follows: 5 awards in all
    const jobs = createJobRunner({ store: store(), now: () => TEST_NOW });
    const api = callerAs(store(), admin, { jobs }).credential;
    const { runId } = await api.bulkIssue();
    await jobs.idle();
    const run = await store().read((c) => findJobRun(c, runId));
    expect(run).toMatchObject({ kind: "credentials", lease: "credentials", status: "succeeded", processed: 5, total: 5 });
    expect(run?.result).toMatchObject({ issued: 5, skipped: 0, keyVersion: 1 });
    expect(await auditActions(store())).toContain("credential.bulk_issue_started");
    const second = await api.bulkIssue();
    await jobs.idle();
    expect((await store().read((c) => findJobRun(c, second.runId)))?.result).toMatchObject({ issued: 0 });
    expect(await store().read(({ db, t }) => db.$count(t.credentials))).toBe(5);
    expect((await api.overview()).last).toMatchObject({ id: second.runId, status: "succeeded" });
    expect((await failure(callerAs(store(), ada, { jobs }).credential.bulkIssue())).code).toBe("FORBIDDEN");
    expect((await failure(callerAs(store(), assistant, { jobs }).credential.bulkIssue())).code).toBe("FORBIDDEN");
  });

  it("serves the issuer profile and DID document publicly", async () => {
    await setup();
    const anon = callerAs(store(), null).credential;
    expect(await anon.issuerProfile()).toMatchObject({ id: "did:web:missionboard.test", type: ["Profile"], name: "Missionboard" });
    const did = (await anon.didDocument()) as { id: string; assertionMethod: string[] };
    expect(did).toMatchObject({ id: "did:web:missionboard.test", assertionMethod: ["did:web:missionboard.test#key-1"] });
    expect((await failure(anon.statusList())).code).toBe("NOT_FOUND");
  });
});
