/** The terms a user agrees to at onboarding (version CONSENT_VERSION in core). */
export function TermsText() {
  return (
    <>
      <p>
        Privacy: your details are used only to verify badges and run the program. Your emails are never shared with third parties. Your
        display name is visible to instructors and assistants. Ask an administrator to delete your data at any time.
      </p>
      <p>
        Terms: you take part in the program, your information is accurate, and badges are awarded after staff approval. Misrepresentation
        may lead to suspension.
      </p>
    </>
  );
}
