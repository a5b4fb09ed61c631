/**
 * Text widths for charts rendered without a canvas. Vega measures text with a canvas when it
 * has one (in a browser) and otherwise estimates 0.8 em per character, which overstates
 * DejaVu Sans by roughly a third, so headless charts get wide margins and truncated titles. The
 * tables below are the advance widths of DejaVu Sans 2.37 and DejaVu Sans Bold, read from
 * the fonts' hmtx tables, in thousandths of an em.
 */

/** Characters after ASCII that the tables cover, in table order. */
const extraCharacters = '−–—±≤≥λρ×·…°µ';

// Advances of the characters U+0020 to U+007E, then of `extraCharacters`.
const regularAdvances = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
  636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
  575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
  611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
  278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
  838, 500, 1000, 838, 838, 838, 592, 635, 838, 318, 1000, 500, 636,
];
const boldAdvances = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
  696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
  683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
  724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
  343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
  838, 500, 1000, 838, 838, 838, 633, 716, 838, 380, 1000, 500, 736,
];

/** Advance of a character missing from the tables, in thousandths of an em. */
const fallbackAdvance = 620;

/**
 * Returns the width in pixels of `text` set in DejaVu Sans at `fontSize` pixels: the sum of
 * the characters' advances, without kerning. Bold means a font weight of 600 or more.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const advances = bold ? boldAdvances : regularAdvances;
  let total = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    let index = code >= 32 && code <= 126 ? code - 32 : -1;
    if (index < 0) {
      const extra = extraCharacters.indexOf(character);
      if (extra >= 0) index = 95 + extra;
    }
    total += index >= 0 ? advances[index] : fallbackAdvance;
  }
  return (total * fontSize) / 1000;
}
