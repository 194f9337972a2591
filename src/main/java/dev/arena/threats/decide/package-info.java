/**
 * The pipeline's decision stage, behind its {@code SessionListener} seam: every stored session update is
 * scored, its score stored, the responder asked, and an analysis requested when a policy responded.
 */
@NullMarked
package dev.arena.threats.decide;

import org.jspecify.annotations.NullMarked;
