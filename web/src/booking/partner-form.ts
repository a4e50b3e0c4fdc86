/** Client-side checks of the couple's details, mirroring the API's rules with translatable keys. */

export interface PartnerInput {
  name: string;
  email: string;
}

/** Error message keys by field path (`partners.0.name`, `partners`, `consent.privacy`). */
export type FormErrors = Record<string, PartnerErrorKey>;
export type PartnerErrorKey =
  | 'error.required'
  | 'error.email'
  | 'form.error.nameLong'
  | 'form.error.oneEmail'
  | 'form.error.consent';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Loosely valid email (the server does the strict check). */
export function looksLikeEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/**
 * Checks both partners and, for public bookings, the consent boxes.
 * @example validatePartners([{ name: 'Mari', email: '' }, { name: '', email: '' }], { requireEmail: true })
 */
export function validatePartners(
  partners: readonly PartnerInput[],
  options: { requireEmail: boolean; consent?: { privacy: boolean; telehealth: boolean } },
): FormErrors {
  const errors: FormErrors = {};
  partners.forEach((p, i) => {
    const name = p.name.trim();
    if (!name) errors[`partners.${i}.name`] = 'error.required';
    else if (name.length > 80) errors[`partners.${i}.name`] = 'form.error.nameLong';
    const email = p.email.trim();
    if (email && !looksLikeEmail(email)) errors[`partners.${i}.email`] = 'error.email';
  });
  if (options.requireEmail && partners.every((p) => !p.email.trim())) errors['partners'] = 'form.error.oneEmail';
  if (options.consent) {
    if (!options.consent.privacy) errors['consent.privacy'] = 'form.error.consent';
    if (!options.consent.telehealth) errors['consent.telehealth'] = 'form.error.consent';
  }
  return errors;
}

/** The partners as the API wants them: trimmed, empty emails left out. */
export function partnersBody(partners: readonly PartnerInput[]): [
  { name: string; email?: string },
  { name: string; email?: string },
] {
  const one = (p: PartnerInput | undefined) => {
    const email = p?.email.trim().toLowerCase();
    return email ? { name: p!.name.trim(), email } : { name: p?.name.trim() ?? '' };
  };
  return [one(partners[0]), one(partners[1])];
}
