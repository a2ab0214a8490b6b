/**
 * How a card or an export calls someone: their name, else who they are for (a unit's liaison),
 * never their open_id (an id means nothing to a reader, and open_ids differ per app).
 */
export const personLabel = (name: string | null | undefined, unitName?: string | null): string =>
  name || (unitName ? `${unitName}联络员（未留姓名）` : '（未留姓名）')
