import { boardName } from "@missionboard/core";

/** What names a learner: their OpenWebUI user and the account it is linked to, if any. */
export interface LearnerNames {
  owuiUserId: string;
  owuiName: string | null;
  accountName: string | null;
}

/** The name staff see for a learner (§M-17): the account's, else OpenWebUI's, else the alias. */
export const staffName = (learner: LearnerNames | null): string | null =>
  learner
    ? boardName(
        {
          learnerId: learner.owuiUserId,
          account: learner.accountName === null ? null : { name: learner.accountName, style: "full" },
          owuiName: learner.owuiName,
        },
        "staff",
      )
    : null;
