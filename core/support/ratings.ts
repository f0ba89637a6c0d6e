import type { Clock } from '../clock';
import { DomainError, ErrorCode } from '../errors';
import { SessionState } from '../model';
import { hashToken } from '../random';
import type { Repository } from '../repository';
import { RATING_WINDOW_MS, type RatingInput, ratingInputSchema } from './rating-input';
export { RATING_COMMENT_MAX, ratingInputSchema } from './rating-input';

/** The customer's satisfaction with a session, given once on the ended page. */
export interface SessionRating {
  /** 1 (poor) to 5 (excellent). */
  score: number;
  /** What the customer added, '' when nothing. */
  comment: string;
  at: number;
}


/**
 * Ratings: only the session's own customer (their join token, which nobody else holds), only once it ended, once.
 */
export class SessionRatings {
  constructor(
    private readonly repo: Repository,
    private readonly clock: Clock,
  ) {}

  async rate(joinToken: string, sessionId: string, input: RatingInput): Promise<SessionRating> {
    const { score, comment } = ratingInputSchema.parse(input);
    const session = await this.repo.supportSessions.findByCustomerTokenHash(hashToken(joinToken));
    // Another session's token says nothing of this one: refused as if it were no token at all.
    if (!session || session.id !== sessionId) throw DomainError.unauthorized('Only the customer of this session can rate it.');
    if (session.state !== SessionState.closed) throw new DomainError(ErrorCode.conflict, 'A session is rated once it has ended.');
    const now = this.clock.now();
    if (session.closedAt !== null && now - session.closedAt > RATING_WINDOW_MS) throw new DomainError(ErrorCode.conflict, 'This session ended too long ago to be rated.');
    const rating = { score, comment: comment.trim(), at: now };
    if (!(await this.repo.supportSessions.rate(session.id, rating))) throw new DomainError(ErrorCode.conflict, 'This session was rated already.');
    return rating;
  }
}
