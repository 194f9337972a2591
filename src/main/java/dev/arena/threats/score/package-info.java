/** Anomaly scores for attacker sessions: a Random Cut Forest per project and the features that drove a score. */
@NullMarked
package dev.arena.threats.score;

import org.jspecify.annotations.NullMarked;
