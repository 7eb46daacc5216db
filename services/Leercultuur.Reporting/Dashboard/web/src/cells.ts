// One figure of a group in one period, as the charts, tables and map show it.

import { format, Words } from "./i18n";

export interface Cell {
  /** The group's code (a sector section, size class, province code, programme id or _T). */
  code: string;
  label: string;
  period: string;
  status: "published" | "suppressed" | "provisional";
  reason: string | null;
  mean: number | null;
  lower: number | null;
  upper: number | null;
  organisations: number | null;
  respondents: number | null;
  versions: number[];
  versionChanged: boolean;
}

/** Why a cell shows no figure, in the reader's words. */
export function reasonText(cell: Cell, words: Words, minimumOrganisations: number): string {
  if (cell.status === "provisional") {
    return words.notReleased;
  }

  const known: Record<string, string> = {
    minimumOrganisations: words.minimumOrganisations,
    dominance: words.dominance,
    programmeComplement: words.programmeComplement,
    secondary: words.secondary,
    roleComplement: words.roleComplement,
  };
  return format((cell.reason && known[cell.reason]) || words.suppressed, { k: minimumOrganisations });
}

/** The mark a cell without a figure gets, as official statistics print it: x suppressed, … not yet known. */
export function markOf(cell: Cell): string {
  return cell.status === "provisional" ? "…" : "x";
}
