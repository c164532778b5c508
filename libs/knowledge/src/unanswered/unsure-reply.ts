// Phrases assistants use when they cannot answer, in English and German (the platform's first markets).
const UNSURE = [
  /\bI (?:do not|don't|dont) (?:know|have (?:that|this|any|enough) information)\b/i,
  /\bI(?:'m| am) (?:not sure|unable to find|afraid I (?:can(?:not|'t)|don't))\b/i,
  /\bI (?:could not|couldn't|can(?:not|'t)) find (?:any )?(?:information|anything|that)\b/i,
  /\b(?:no|not any) information (?:about|on) (?:that|this)\b/i,
  /\bnot (?:in|covered by) (?:my|our|the) (?:knowledge|information|documents)\b/i,
  /\bweiß ich (?:leider )?nicht\b/i,
  /\b(?:dazu|darüber) (?:habe|liegen) (?:ich|mir) (?:leider )?keine informationen\b/i,
  /\bkeine informationen (?:dazu|darüber|zu)\b/i,
  /\bkann ich (?:leider )?nicht (?:sagen|beantworten)\b/i,
];

/** The reply says, in words, that the assistant did not know the answer. */
export function soundsUnsure(reply: string): boolean {
  return UNSURE.some((re) => re.test(reply));
}
