/**
 * The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980),
 * following the author's reference C implementation (with its `bli`→`ble` and
 * `logi`→`log` rules), so `connected`, `connecting` and `connection` all become
 * `connect`. It is what Lucene's EnglishAnalyzer uses for BM25, and it is cheap:
 * a few suffix tests per word, no dictionary.
 *
 * Only lowercase ASCII words are stemmed; anything with digits, accents or
 * other scripts is returned unchanged, as are words of one or two letters.
 */
export function porterStem(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  const s = new PorterState(word);
  s.step1ab();
  if (s.k > 0) {
    s.step1c();
    s.step2();
    s.step3();
    s.step4();
    s.step5();
  }
  return s.b.slice(0, s.k + 1).join('');
}

// Step 2 and 3 rules, grouped as in the reference implementation: within a group
// only the first suffix that matches is tried (so `ization` never falls through to `ation`).
const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
  ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
  ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];
const STEP3: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

/** The word being stemmed: b[0..k] is the current word, b[0..j] the stem before a matched suffix. */
class PorterState {
  readonly b: string[];
  k: number;
  j = 0;

  constructor(word: string) {
    this.b = word.split('');
    this.k = word.length - 1;
  }

  /** Whether b[i] is a consonant; `y` is one at the start or after a vowel. */
  private cons(i: number): boolean {
    switch (this.b[i]) {
      case 'a': case 'e': case 'i': case 'o': case 'u':
        return false;
      case 'y':
        return i === 0 ? true : !this.cons(i - 1);
      default:
        return true;
    }
  }

  /** The measure m of b[0..j]: the number of vowel-consonant sequences, [C](VC)^m[V]. */
  private m(): number {
    let n = 0;
    let i = 0;
    const j = this.j;
    for (;;) {
      if (i > j) return n;
      if (!this.cons(i)) break;
      i++;
    }
    i++;
    for (;;) {
      for (;;) {
        if (i > j) return n;
        if (this.cons(i)) break;
        i++;
      }
      i++;
      n++;
      for (;;) {
        if (i > j) return n;
        if (!this.cons(i)) break;
        i++;
      }
      i++;
    }
  }

  /** Whether b[0..j] holds a vowel. */
  private vowelInStem(): boolean {
    for (let i = 0; i <= this.j; i++) if (!this.cons(i)) return true;
    return false;
  }

  /** Whether b[i-1..i] is a double consonant. */
  private doubleC(i: number): boolean {
    return i >= 1 && this.b[i] === this.b[i - 1] && this.cons(i);
  }

  /** Whether b[i-2..i] is consonant-vowel-consonant with the last not w, x or y (`hop`, not `snow`). */
  private cvc(i: number): boolean {
    if (i < 2 || !this.cons(i) || this.cons(i - 1) || !this.cons(i - 2)) return false;
    const ch = this.b[i];
    return ch !== 'w' && ch !== 'x' && ch !== 'y';
  }

  /** Whether b[0..k] ends with `s`; if so j marks the end of the stem before it. */
  private ends(s: string): boolean {
    const len = s.length;
    if (len > this.k + 1) return false;
    for (let i = 0; i < len; i++) if (this.b[this.k - len + 1 + i] !== s[i]) return false;
    this.j = this.k - len;
    return true;
  }

  /** Replaces b[j+1..k] by `s`. */
  private setTo(s: string): void {
    this.b.splice(this.j + 1, this.k - this.j, ...s.split(''));
    this.k = this.j + s.length;
  }

  private replaceIfMeasured(s: string): void {
    if (this.m() > 0) this.setTo(s);
  }

  /** Plurals and -ed/-ing: caresses→caress, ponies→poni, agreed→agree, hopping→hop. */
  step1ab(): void {
    if (this.b[this.k] === 's') {
      if (this.ends('sses')) this.k -= 2;
      else if (this.ends('ies')) this.setTo('i');
      else if (this.b[this.k - 1] !== 's') this.k--;
    }
    if (this.ends('eed')) {
      if (this.m() > 0) this.k--;
    } else if ((this.ends('ed') || this.ends('ing')) && this.vowelInStem()) {
      this.k = this.j;
      if (this.ends('at')) this.setTo('ate');
      else if (this.ends('bl')) this.setTo('ble');
      else if (this.ends('iz')) this.setTo('ize');
      else if (this.doubleC(this.k)) {
        this.k--;
        const ch = this.b[this.k];
        if (ch === 'l' || ch === 's' || ch === 'z') this.k++;
      } else if (this.m() === 1 && this.cvc(this.k)) this.setTo('e'); // j === k here: m() sees the whole stem
    }
  }

  /** Terminal y to i when there is another vowel: happy→happi, sky stays. */
  step1c(): void {
    if (this.ends('y') && this.vowelInStem()) this.b[this.k] = 'i';
  }

  /** Double suffixes to single ones when the stem has m > 0: relational→relate. */
  step2(): void {
    this.applyFirstMatch(STEP2);
  }

  /** -ic-, -full, -ness etc.: triplicate→triplic, hopeful→hope. */
  step3(): void {
    this.applyFirstMatch(STEP3);
  }

  private applyFirstMatch(rules: ReadonlyArray<readonly [string, string]>): void {
    if (this.k < 1) return;
    // The reference switches on the penultimate letter; testing rules in list order
    // with the longest-first ordering inside each letter group gives the same result.
    for (const [suffix, replacement] of rules) {
      if (suffix[suffix.length - 2] !== this.b[this.k - 1]) continue;
      if (this.ends(suffix)) {
        this.replaceIfMeasured(replacement);
        return;
      }
    }
  }

  /** Drops -ant, -ence, -ment... when the stem has m > 1: adjustment→adjust. */
  step4(): void {
    if (this.k < 1) return;
    let matched = false;
    for (const suffix of STEP4) {
      if (suffix[suffix.length - 2] !== this.b[this.k - 1]) continue;
      if (!this.ends(suffix)) continue;
      if (suffix === 'ion' && !(this.j >= 0 && (this.b[this.j] === 's' || this.b[this.j] === 't'))) return;
      matched = true;
      break;
    }
    if (matched && this.m() > 1) this.k = this.j;
  }

  /** Final -e and double l: probate→probat, controll→control. */
  step5(): void {
    this.j = this.k;
    if (this.b[this.k] === 'e') {
      const a = this.m();
      if (a > 1 || (a === 1 && !this.cvc(this.k - 1))) this.k--;
    }
    if (this.b[this.k] === 'l' && this.doubleC(this.k) && this.m() > 1) this.k--;
  }
}
