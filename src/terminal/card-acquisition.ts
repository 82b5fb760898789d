/**
 * Card acquisition: how the reference terminal obtains card data for a transaction.
 * Chip is preferred, a swipe of a chip card is sent back to the chip, and fallback to the
 * stripe is allowed only after a chip failure when the terminal's settings allow it
 * (docs/domain.md §3). A tap for the contactless limit or more is not taken: the terminal
 * asks for the chip and waits for the card again (`contactless_limit`). It also remembers
 * whether a chip card is still in the reader, which decides a reversal with reason 06 when
 * the card is pulled before completion.
 */
import { luhnValid } from '../util/mask';
import type { Clock } from '../util/clock';
import type { TerminalConfig } from './config';
import { DISPLAY } from './display';
import type { CardEvent, CardData, CardSource } from './card-source';

export type Acquired = { card: CardData; tlv?: Buffer; fallback: boolean } | { fail: string; display: string };

export class CardAcquisition {
  /** Set when the cashier cancels during the current transaction; reset when a new one starts. */
  cancelRequested = false;
  private cardWaiter?: (e: CardEvent | 'cancel' | 'timeout') => void;
  private presentCard?: CardEvent;
  private removedDuringOnline = false;
  private readonly onCard = (e: CardEvent) => this.handleCardEvent(e);

  constructor(
    private readonly source: CardSource,
    private readonly config: () => TerminalConfig,
    private readonly clock: Clock,
    private readonly show: (text: string) => void,
    private readonly log: (line: string) => void,
  ) {
    source.on('card', this.onCard);
  }

  /** Stop listening to the reader; a wait in progress ends as cancelled. */
  detach(): void {
    this.source.off('card', this.onCard);
    this.cardWaiter?.('cancel');
  }

  private handleCardEvent(e: CardEvent): void {
    // Only an inserted chip card stays in the reader; a swipe or a tap is a moment.
    if (e.event === 'removed') {
      this.presentCard = undefined;
      this.removedDuringOnline = true;
    } else if (e.event === 'inserted') this.presentCard = e;
    if (this.cardWaiter) this.cardWaiter(e);
  }

  /** The next card presented (a removal is no presentation: the wait goes on), or why the wait ended. */
  private waitForCard(): Promise<CardEvent | 'cancel' | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done('timeout'), this.config().cardWaitTimeoutMs);
      const done = (r: CardEvent | 'cancel' | 'timeout') => {
        clearTimeout(timer);
        this.cardWaiter = undefined;
        resolve(r);
      };
      this.cardWaiter = (e) => {
        if (typeof e === 'string' || e.event !== 'removed') done(e);
      };
    });
  }

  /** The cashier cancels: a wait for the card ends now. */
  cancel(): void {
    this.cancelRequested = true;
    this.cardWaiter?.('cancel');
  }

  /** A chip card was pulled out while the transaction was online and is not back in the reader. */
  removedBeforeCompletion(): boolean {
    return this.removedDuringOnline && this.presentCard === undefined;
  }

  /** Obtain card data for a transaction: chip preferred, swipe of a chip card redirected, fallback after a chip failure. */
  async acquire(amountMinor: number): Promise<Acquired> {
    const { defects, contactlessLimitMinor, allowFallback } = this.config();
    // Seeded defects (defects.ts): local checks the chip, swipe and contactless paths skip.
    const fallbackAllowed = allowFallback || defects.includes('fallback-ignores-setting');
    const tapLimit = defects.includes('no-contactless-limit') ? 0 : contactlessLimitMinor;
    let chipFailed = false;
    // Any removal from here on counts: the card must still be in the reader at completion.
    this.removedDuringOnline = false;
    let event: CardEvent | undefined = this.presentCard;
    this.show(DISPLAY.presentCard);
    for (;;) {
      if (!event) {
        const r = await this.waitForCard();
        if (r === 'cancel') return { fail: 'cancelled by the cashier', display: DISPLAY.cancelled };
        if (r === 'timeout') return { fail: 'no card presented', display: DISPLAY.noCard };
        event = r;
      }
      // Only a presentation gets here: the card left in the reader (inserted) or one the wait returned.
      const e: CardEvent = event;
      event = undefined;
      if (e.event === 'swiped') {
        const card = e.card;
        if (!card) continue;
        if (!luhnValid(card.pan)) return { fail: 'card number fails the Luhn check', display: DISPLAY.invalidCard };
        const chipCard = /^[26]/.test(card.serviceCode ?? '') && !defects.includes('swipe-ignores-service-code');
        if (chipCard && !(chipFailed && fallbackAllowed)) {
          this.show(DISPLAY.insertChip);
          continue;
        }
        return { card, fallback: chipCard };
      }
      // inserted (chip) or tapped (contactless)
      if (e.event === 'tapped' && tapLimit > 0 && amountMinor >= tapLimit) {
        // Contactless is not allowed for this amount: try another interface (docs/domain.md §3).
        this.log(`tap refused: ${amountMinor} is at or over the contactless limit ${tapLimit}`);
        this.show(DISPLAY.overContactlessLimit);
        continue;
      }
      try {
        const card = await this.source.readCard();
        if (!luhnValid(card.pan)) return { fail: 'card number fails the Luhn check', display: DISPLAY.invalidCard };
        const now = this.clock.date();
        const ac = await this.source.generateAc({
          amountMinor,
          currencyCode: this.config().currencyCode,
          date: now,
          unpredictableNumber: Buffer.from((this.clock.now() >>> 0).toString(16).padStart(8, '0'), 'hex'),
          type: 'ARQC',
        });
        return { card: { ...card, presentation: e.event === 'tapped' ? 'tap' : 'chip' }, tlv: ac.tlv, fallback: false };
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (/REMOVED/.test(code)) return { fail: 'card removed during the chip read', display: DISPLAY.cardRemoved };
        chipFailed = true;
        this.log(`chip read failed: ${(err as Error).message}`);
        this.show(fallbackAllowed ? DISPLAY.chipErrorSwipe : DISPLAY.invalidCard);
        if (!fallbackAllowed) return { fail: 'chip read failed', display: DISPLAY.invalidCard };
      }
    }
  }
}
